package io.sextant.collector.source.prometheus;

import io.sextant.collector.rate.CounterRates;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Turns one target's successive scrapes into samples. Gauges (and summary quantiles, unknown
 * types) pass as read, NaN and Inf included so the collector rejects and counts them. Cumulative
 * values (counters, histogram buckets/sum/count, summary sum/count) become per-second rates named
 * {@code <name>:rate}: the first scrape of a series gives none, a decrease is a reset, and a
 * series missing from a scrape is stale and forgotten. One instance per target, not thread-safe.
 */
public final class ScrapeConverter {
  /** Suffix of the metric name of a rate computed from a cumulative series. */
  public static final String RATE_SUFFIX = ":rate";

  /** Series identity with its hash computed once: each point looks its series up three times. */
  private static final class SeriesKey {
    private final String name;
    private final Map<String, String> labels;
    private final int hash;

    SeriesKey(String name, Map<String, String> labels) {
      this.name = name;
      this.labels = labels;
      this.hash = 31 * name.hashCode() + labels.hashCode();
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SeriesKey k && k.hash == hash && k.name.equals(name) && k.labels.equals(labels);
    }
  }

  /**
   * What each series of the last scrapes becomes, kept from one scrape to the next: its sample's
   * metric name and labels (merged with the target's, immutable), so a window's samples share
   * them instead of each scrape building 10,000 new names and maps that live as long as the window.
   */
  private static final class Series {
    /** Its key, kept with labels as compact as the sample's (the parsed map is not kept). */
    final SeriesKey key;
    final boolean cumulative;
    final String metric;
    final Map<String, String> labels;
    long round;

    Series(SeriesKey key, boolean cumulative, String metric, Map<String, String> labels) {
      this.key = key;
      this.cumulative = cumulative;
      this.metric = metric;
      this.labels = labels;
    }
  }

  private final CounterRates<SeriesKey> rates = new CounterRates<>();
  /**
   * The series of the last scrapes by the text they were read from ({@code name{labels}} as the
   * target wrote it), so a known series costs one lookup and no label map; by {@link SeriesKey}
   * when there is no text ({@link #convert(String, ParseResult, Instant, Map)}).
   */
  private final Map<Object, Series> series = new HashMap<>();
  private Map<String, String> seriesTargetLabels;
  private long round;
  private long stale;
  private int lastSize = 16;

  /** Converts a scrape parsed in full (tests, benches); a scrape source streams through {@link #begin}. */
  public List<Sample> convert(String site, ParseResult scrape, Instant scrapeTime, Map<String, String> targetLabels) {
    Round r = begin(site, scrapeTime, targetLabels, e -> { });
    scrape.samples().forEach(p -> r.sample(null, p));
    return r.end();
  }

  /**
   * Starts converting one scrape: feed it to the returned round as it is parsed (it is the
   * parser's sink; {@code errors} gets the rejected lines), then {@link Round#end()} it. A round
   * that is not ended (the scrape failed half-way) must be followed by {@link #targetDown()}.
   */
  public Round begin(String site, Instant scrapeTime, Map<String, String> targetLabels, Consumer<ParseError> errors) {
    if (!targetLabels.equals(seriesTargetLabels)) {
      series.clear();
      seriesTargetLabels = Map.copyOf(targetLabels);
    }
    round++;
    return new Round(site, scrapeTime, seriesTargetLabels, errors);
  }

  /** One scrape being converted, line by line. */
  public final class Round implements ExpositionParser.Sink {
    private final String site;
    private final Instant scrapeTime;
    private final Map<String, String> targetLabels;
    private final Consumer<ParseError> errors;
    private final List<Sample> out = new ArrayList<>(lastSize);
    private Map<String, String> strings;

    private Round(String site, Instant scrapeTime, Map<String, String> targetLabels, Consumer<ParseError> errors) {
      this.site = site;
      this.scrapeTime = scrapeTime;
      this.targetLabels = targetLabels;
      this.errors = errors;
    }

    @Override
    public Map<String, String> knownLabels(String text) {
      Series s = series.get(text);
      return s == null ? null : s.key.labels;
    }

    @Override
    public void sample(String text, ParsedSample p) {
      Series s = series.get(text != null ? text : new SeriesKey(p.name(), p.labels()));
      if (s == null || s.cumulative != p.cumulative()) { // new, or its TYPE changed
        TreeMap<String, String> exposed = new TreeMap<>();
        p.labels().forEach((k, v) -> exposed.put(shared(k), shared(v)));
        String name = shared(p.name());
        SeriesKey key = new SeriesKey(name, Labels.copyOf(exposed));
        s = new Series(key, p.cumulative(), p.cumulative() ? shared(name + RATE_SUFFIX) : name,
            Labels.copyOf(merge(key.labels, targetLabels)));
        series.put(text != null ? text : key, s);
      }
      s.round = round;
      Instant time = p.timestampMs() == null ? scrapeTime : Instant.ofEpochMilli(p.timestampMs());
      if (p.cumulative()) {
        OptionalDouble r = rates.rate(s.key, p.value(), time.toEpochMilli());
        if (r.isPresent()) {
          out.add(new Sample(site, s.metric, s.labels, time, r.getAsDouble()));
        }
      } else {
        out.add(new Sample(site, s.metric, s.labels, time, p.value()));
      }
    }

    /**
     * One instance of each name, label key and value among the series this scrape adds: each line
     * is parsed into new strings, and 10,000 series share a few hundred (2-3 MB of a 10,000-series
     * edge's live heap). Kept for the round only, so it never outgrows what the round added.
     */
    private String shared(String s) {
      if (strings == null) {
        strings = new HashMap<>();
      }
      String had = strings.putIfAbsent(s, s);
      return had == null ? s : had;
    }

    @Override
    public void error(ParseError error) {
      errors.accept(error);
    }

    /** The scrape's samples; series it did not have are stale from now on. */
    public List<Sample> end() {
      long now = round;
      series.values().removeIf(s -> s.round != now);
      stale += rates.endRound();
      lastSize = out.size() + 2;
      return out;
    }
  }

  private static Map<String, String> merge(Map<String, String> exposed, Map<String, String> targetLabels) {
    if (targetLabels.isEmpty()) {
      return exposed;
    }
    // sorted from the start: Sample keeps labels sorted, and copying a sorted map is linear
    TreeMap<String, String> merged = new TreeMap<>(exposed);
    // Target labels win, like Prometheus' honor_labels=false, and an exposed value they
    // replace is kept as exported_<name>: dropping it would merge distinct series into one.
    for (Map.Entry<String, String> t : targetLabels.entrySet()) {
      String value = merged.put(t.getKey(), t.getValue());
      if (value != null && !value.equals(t.getValue())) {
        merged.put("exported_" + t.getKey(), value);
      }
    }
    return merged;
  }

  /** The target could not be scraped: every series is stale. */
  public void targetDown() {
    series.clear();
    stale += rates.clear();
  }

  public long staleSeries() {
    return stale;
  }

  public long counterResets() {
    return rates.resets();
  }

  public int trackedCounters() {
    return rates.tracked();
  }
}
