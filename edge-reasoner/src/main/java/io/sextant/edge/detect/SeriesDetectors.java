package io.sextant.edge.detect;

import io.sextant.common.model.Detection;
import io.sextant.common.model.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The detectors of one edge site: routes each sample to its series' detector, created on the
 * series' first finite point when its metric has a rule, of the kind the rule selects
 * ({@link BaselineDetector} by default, or a {@link NoveltyDetector} / {@link SeasonalDetector}
 * behind a {@link ScoredDetector}), and reports transitions (FIRING / RESOLVED) as
 * {@link Detection}s named after the kind ({@value #DETECTOR} for the baseline, see
 * {@link DetectorKind#detectionName()}). Points of unmonitored metrics are skipped without cost
 * beyond one map lookup.
 *
 * <p>A firing series that stops reporting for {@link #DEFAULT_STALE_AFTER} while the site
 * goes on reporting (it vanished: a label changed, an exporter went away) is resolved as stale,
 * as Prometheus resolves alerts on series that disappear, so its alarm does not stay open
 * forever.
 *
 * <p>Thread-safe: {@link #observe} runs on the reasoner's loop while runbooks read
 * {@link #firing} and {@link #expected} from theirs; the lock is taken once per batch.
 */
public final class SeriesDetectors {
  /** The name of the baseline detector's detections. */
  public static final String DETECTOR = "ewma-baseline";

  /** Prometheus' staleness delta: a series silent this long is gone. */
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(5);

  private final DetectorRules rules;
  private final long staleAfterMillis;
  private final DetectorTable detectors = new DetectorTable();
  /** Last sample of each firing series: few at a time, needed to describe a stale resolution. */
  private final Map<Long, Sample> firingLast = new HashMap<>();
  private long rejectedPoints;
  private long transitionCount;

  public SeriesDetectors(DetectorRules rules) {
    this(rules, DEFAULT_STALE_AFTER);
  }

  public SeriesDetectors(DetectorRules rules, Duration staleAfter) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.staleAfterMillis = staleAfter.toMillis();
  }

  /**
   * Feeds a batch in order and returns the transitions it caused, in order; usually none (an
   * immutable empty list). Detections carry {@code site} and each sample's own time; their
   * {@code expected} is the frozen baseline level and {@code score} the point's score.
   */
  public synchronized List<Detection> observe(List<Sample> samples, String site) {
    Objects.requireNonNull(site, "site");
    List<Detection> transitions = List.of();
    long newest = Long.MIN_VALUE;
    for (Sample sample : samples) {
      newest = Math.max(newest, sample.time().toEpochMilli());
      DetectorRule rule = rules.byMetric().get(sample.metric());
      if (rule == null) {
        continue;
      }
      double value = sample.value();
      if (!Double.isFinite(value)) {
        // Rejected before lookup so a series that only ever sends NaN costs no state.
        rejectedPoints++;
        continue;
      }
      long seriesId = sample.seriesId();
      SeriesDetector detector = detectors.get(seriesId);
      if (detector == null) {
        detector = rule.detector() == DetectorKind.BASELINE ? new BaselineDetector(rule) : ScoredDetector.of(rule);
        detectors.add(seriesId, detector);
      }
      BaselineDetector.Outcome outcome = detector.observe(sample.time().toEpochMilli(), value);
      Detection.State state = switch (outcome) {
        case FIRED -> Detection.State.FIRING;
        case RESOLVED -> Detection.State.RESOLVED;
        case REJECTED -> {
          rejectedPoints++;
          yield null;
        }
        case NO_CHANGE -> null;
      };
      if (detector.firing()) {
        firingLast.put(seriesId, sample);
      }
      if (state != null) {
        transitionCount++;
        if (state == Detection.State.RESOLVED) {
          firingLast.remove(seriesId);
        }
        if (transitions.isEmpty()) {
          transitions = new ArrayList<>();
        }
        Detection d = Detection.of(site, sample.time(), rule.detector().detectionName(), sample, state,
            detector.expected(), detector.score(value));
        String why = detector.evidence();
        transitions.add(why == null ? d : d.withEvidence(why));
      }
    }
    return expireStale(site, newest, transitions);
  }

  private List<Detection> expireStale(String site, long newest, List<Detection> transitions) {
    if (firingLast.isEmpty()) {
      return transitions;
    }
    for (var it = firingLast.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      Sample last = e.getValue();
      if (newest - last.time().toEpochMilli() <= staleAfterMillis) {
        continue;
      }
      it.remove();
      SeriesDetector detector = detectors.get(e.getKey());
      detector.expire();
      if (transitions.isEmpty()) {
        transitions = new ArrayList<>();
      }
      transitions.add(Detection.of(site, Instant.ofEpochMilli(newest),
          detector.rule().detector().detectionName() + "/stale", last,
          Detection.State.RESOLVED, detector.expected(), 0));
    }
    return transitions;
  }

  public synchronized boolean firing(long seriesId) {
    SeriesDetector detector = detectors.get(seriesId);
    return detector != null && detector.firing();
  }

  /**
   * The learned level of a series past its warm-up; while it fires, the level frozen before the
   * fault (what a scale-out is sized against). Empty for an unknown or still warming series.
   */
  public synchronized OptionalDouble expected(long seriesId) {
    SeriesDetector detector = detectors.get(seriesId);
    return detector != null && detector.warmedUp() ? OptionalDouble.of(detector.expected()) : OptionalDouble.empty();
  }

  /** FIRING and RESOLVED transitions so far (not the stale resolutions): a checkpoint wants them kept soon. */
  public synchronized long transitions() {
    return transitionCount;
  }

  /** Points of monitored metrics dropped: not finite, or not newer than their series' last point. */
  public synchronized long rejectedPoints() {
    return rejectedPoints;
  }

  public synchronized int seriesCount() {
    return detectors.size();
  }

  /**
   * Series still in their warm-up, by metric (every metric with a rule, zero when all its series
   * may fire): a learned rule is silent on a series for its first {@code warmUpPoints} points, and
   * again after a silence of {@link BaselineDetector#RELEARN_AFTER_MILLIS}. Costs one pass over the
   * series: for a metrics scrape, not the window loop.
   */
  public synchronized Map<String, Integer> warmingUp() {
    Map<String, Integer> out = new java.util.TreeMap<>();
    rules.byMetric().keySet().forEach(m -> out.put(m, 0));
    detectors.forEach(d -> {
      if (!d.warmedUp()) {
        out.merge(d.rule().metric(), 1, Integer::sum);
      }
    });
    return out;
  }

  public DetectorRules rules() {
    return rules;
  }

  /** Receives {@link #checkpoint}'s records, one series at a time. */
  @FunctionalInterface
  public interface StateSink {
    /** {@code state} is the series' own array ({@link DetectorStates}); the sink may keep it. */
    void put(long seriesId, long lastMillis, byte[] state);
  }

  /**
   * Hands the record of every series whose last point is at or after {@code notBeforeMillis} to
   * {@code sink}, one at a time, so a checkpoint of 10,000 series never holds more than one record
   * beyond what the sink keeps. Holds the lock throughout: a runbook's read waits for it, the
   * window loop (which calls this between windows) does not. Returns the records written.
   */
  public synchronized int checkpoint(long notBeforeMillis, StateSink sink) {
    int[] written = {0};
    detectors.forEach((id, d) -> {
      if (d.lastMillis() != Long.MIN_VALUE && d.lastMillis() >= notBeforeMillis) {
        sink.put(id, d.lastMillis(), DetectorStates.encode(d));
        written[0]++;
      }
    });
    return written[0];
  }

  /**
   * Restores a series' detector from its checkpoint record, before the series' first point (a
   * series that already has a detector keeps it: it is newer). False when the record's metric has
   * no rule any more, or its rule now selects another detector: the series then starts afresh.
   *
   * @throws IllegalArgumentException the record is corrupt or of an unknown version; nothing changed
   */
  public synchronized boolean restore(long seriesId, byte[] record) {
    SeriesDetector d = DetectorStates.decode(record, rules);
    if (d == null || detectors.get(seriesId) != null) {
      return false;
    }
    detectors.add(seriesId, d);
    return true;
  }
}
