package io.sextant.collector.source.prometheus;

import io.sextant.collector.source.Source;
import io.sextant.common.model.Sample;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes one Prometheus/OpenMetrics target per window and adds {@code up} = 1 after a good scrape,
 * like Prometheus. A failed scrape (connection refused, timeout, non-2xx) makes every series of the target
 * stale and is rethrown so the collector counts the source failure; malformed lines are counted
 * and logged (first few) and the rest of the scrape is kept.
 */
public final class PrometheusScrapeSource implements Source {
  private static final Logger log = LoggerFactory.getLogger(PrometheusScrapeSource.class);
  private static final long LOGGED_ERRORS = 5;

  private final String site;
  private final ScrapeTarget target;
  private final ScrapeHttp http;
  private final ExpositionParser parser = new ExpositionParser();
  private final ScrapeConverter converter = new ScrapeConverter();
  private final AtomicLong scrapes = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong parseErrors = new AtomicLong();

  /**
   * Without a configured {@code resource} label, the target's series are about the instance it
   * scrapes: {@code resource=instance:<site>/<instance>}, so alarms on them name the target.
   */
  public PrometheusScrapeSource(String site, ScrapeTarget target) {
    this.site = site;
    if (!target.labels().containsKey(Sample.RESOURCE)) {
      Map<String, String> labels = new java.util.TreeMap<>(target.labels());
      labels.put(Sample.RESOURCE, "instance:" + site + "/" + target.labels().get("instance"));
      target = new ScrapeTarget(target.name(), target.url(), labels, target.timeout());
    }
    this.target = target;
    this.http = ScrapeHttp.forTarget(target.url(), target.timeout());
  }

  @Override
  public String name() {
    return target.name();
  }

  /**
   * One scrape. As Prometheus does, every scrape also gives {@code up} (1, or 0 when the target
   * could not be scraped: refused, timed out, not 2xx) and {@code scrape_duration_seconds}, with
   * the target's labels, so a target that goes down is an alertable series, not a silence.
   */
  @Override
  public synchronized List<Sample> collect(Instant windowEnd) throws InterruptedException {
    scrapes.incrementAndGet();
    long start = System.nanoTime();
    List<Sample> out;
    // The body is parsed as it arrives, each line converted before the next is read: no copy of
    // the whole scrape nor list of its parsed lines lives while the window's samples are made.
    try (ScrapeResponse resp = http.get(target.url(), target.timeout())) {
      if (resp.status() / 100 != 2) {
        throw new IOException(target.url() + " answered HTTP " + resp.status());
      }
      ScrapeConverter.Round round = converter.begin(site, windowEnd, target.labels(), this::parseError);
      parser.parse(new InputStreamReader(resp.body(), StandardCharsets.UTF_8), Format.fromContentType(resp.contentType()),
          round);
      out = round.end();
    } catch (IOException e) {
      if (failures.incrementAndGet() <= LOGGED_ERRORS) {
        log.warn("{}: scrape of {} failed: {}", site, target.name(), e.toString());
      }
      converter.targetDown(); // also forgets what a scrape cut off half-way had converted
      return List.of(new Sample(site, "up", target.labels(), windowEnd, 0),
          new Sample(site, "scrape_duration_seconds", target.labels(), windowEnd, (System.nanoTime() - start) / 1e9));
    }
    out.add(new Sample(site, "up", target.labels(), windowEnd, 1));
    out.add(new Sample(site, "scrape_duration_seconds", target.labels(), windowEnd, (System.nanoTime() - start) / 1e9));
    return out;
  }

  private void parseError(ParseError e) {
    if (parseErrors.incrementAndGet() <= LOGGED_ERRORS) {
      log.warn("{}: {} rejected {}", site, target.name(), e);
    }
  }

  public long scrapes() {
    return scrapes.get();
  }

  public long failures() {
    return failures.get();
  }

  public long parseErrors() {
    return parseErrors.get();
  }

  public long staleSeries() {
    return converter.staleSeries();
  }

  public long counterResets() {
    return converter.counterResets();
  }
}
