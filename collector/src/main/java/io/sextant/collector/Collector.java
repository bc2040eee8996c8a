package io.sextant.collector;

import io.sextant.collector.source.Source;
import io.sextant.collector.validate.Rejection;
import io.sextant.collector.validate.SampleValidator;
import io.sextant.common.model.Sample;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects one site's KPIs from its sources once per window. Each sample is validated on its
 * own: a bad one is counted by reason and logged (rate-limited to the first few per reason), the
 * good ones beside it go on. A failing source is counted and skipped for that round.
 */
public final class Collector {
  private static final Logger log = LoggerFactory.getLogger(Collector.class);
  private static final long LOGGED_PER_REASON = 5;

  private final String site;
  private final List<Source> sources;
  private final SampleValidator validator;
  private final Map<Rejection.Reason, AtomicLong> rejected = new EnumMap<>(Rejection.Reason.class);
  private final AtomicLong accepted = new AtomicLong();

  public Collector(String site, List<Source> sources, Clock clock) {
    this.site = site;
    this.sources = List.copyOf(sources);
    this.validator = new SampleValidator(clock);
    for (Rejection.Reason r : Rejection.Reason.values()) {
      rejected.put(r, new AtomicLong());
    }
  }

  /** The valid samples of every source for the window ending at {@code windowEnd}. */
  public List<Sample> collect(Instant windowEnd) {
    List<Sample> out = new ArrayList<>();
    for (Source source : sources) {
      List<Sample> got;
      try {
        got = source.collect(windowEnd);
      } catch (Exception e) {
        count(new Rejection(Rejection.Reason.SOURCE_FAILED, source.name(), source.name() + " failed: " + e));
        continue;
      }
      for (Sample s : got) {
        if (!s.site().equals(site)) {
          s = new Sample(site, s.metric(), s.labels(), s.time(), s.value());
        }
        Optional<Rejection> why = validator.check(s);
        if (why.isPresent()) {
          count(why.get());
        } else {
          out.add(s);
        }
      }
    }
    accepted.addAndGet(out.size());
    return out;
  }

  public String site() {
    return site;
  }

  /** The sources' names, in the order they are read. */
  public List<String> sourceNames() {
    return sources.stream().map(Source::name).toList();
  }

  public long accepted() {
    return accepted.get();
  }

  public long rejected(Rejection.Reason reason) {
    return rejected.get(reason).get();
  }

  public Map<Rejection.Reason, Long> rejectedByReason() {
    Map<Rejection.Reason, Long> m = new EnumMap<>(Rejection.Reason.class);
    rejected.forEach((r, n) -> m.put(r, n.get()));
    return m;
  }

  private void count(Rejection r) {
    long n = rejected.get(r.reason()).incrementAndGet();
    if (n <= LOGGED_PER_REASON) {
      log.warn("{}: rejected sample of {} ({}): {}", site, r.metric(), r.reason(), r.detail());
    }
  }
}
