package io.sextant.collector.source.prometheus;

import io.sextant.collector.rate.CounterRates;
import io.sextant.common.model.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

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

  private final CounterRates<SeriesKey> rates = new CounterRates<>();
  private long stale;

  public List<Sample> convert(String site, ParseResult scrape, Instant scrapeTime, Map<String, String> targetLabels) {
    List<Sample> out = new ArrayList<>(scrape.samples().size());
    for (ParsedSample p : scrape.samples()) {
      Map<String, String> labels = p.labels();
      if (!targetLabels.isEmpty()) {
        // sorted from the start: Sample keeps labels sorted, and copying a sorted map is linear
        TreeMap<String, String> merged = new TreeMap<>(p.labels());
        // Target labels win, like Prometheus' honor_labels=false, and an exposed value they
        // replace is kept as exported_<name>: dropping it would merge distinct series into one.
        for (Map.Entry<String, String> t : targetLabels.entrySet()) {
          String exposed = merged.put(t.getKey(), t.getValue());
          if (exposed != null && !exposed.equals(t.getValue())) {
            merged.put("exported_" + t.getKey(), exposed);
          }
        }
        labels = merged;
      }
      Instant time = p.timestampMs() == null ? scrapeTime : Instant.ofEpochMilli(p.timestampMs());
      if (p.cumulative()) {
        OptionalDouble r = rates.rate(new SeriesKey(p.name(), p.labels()), p.value(), time.toEpochMilli());
        if (r.isPresent()) {
          out.add(new Sample(site, p.name() + RATE_SUFFIX, labels, time, r.getAsDouble()));
        }
      } else {
        out.add(new Sample(site, p.name(), labels, time, p.value()));
      }
    }
    stale += rates.endRound();
    return out;
  }

  /** The target could not be scraped: every series is stale. */
  public void targetDown() {
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
