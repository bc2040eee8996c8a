package io.sextant.edge.detect;

import io.sextant.common.model.Detection;
import io.sextant.common.model.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The baseline detectors of one edge site: routes each sample to its series' {@link BaselineDetector},
 * created on the series' first finite point when its metric has a rule, and reports transitions
 * (FIRING / RESOLVED) as {@link Detection}s named {@value #DETECTOR}. Points of unmonitored
 * metrics are skipped without cost beyond one map lookup.
 *
 * <p>Thread-safe: {@link #observe} runs on the reasoner's loop while runbooks read
 * {@link #firing} and {@link #expected} from theirs; the lock is taken once per batch.
 */
public final class SeriesDetectors {
  public static final String DETECTOR = "ewma-baseline";

  private final DetectorRules rules;
  private final DetectorTable detectors = new DetectorTable();
  private long rejectedPoints;

  public SeriesDetectors(DetectorRules rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  /**
   * Feeds a batch in order and returns the transitions it caused, in order; usually none (an
   * immutable empty list). Detections carry {@code site} and each sample's own time; their
   * {@code expected} is the frozen baseline level and {@code score} the point's score.
   */
  public synchronized List<Detection> observe(List<Sample> samples, String site) {
    Objects.requireNonNull(site, "site");
    List<Detection> transitions = List.of();
    for (Sample sample : samples) {
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
      BaselineDetector detector = detectors.get(seriesId);
      if (detector == null) {
        detector = new BaselineDetector(rule);
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
      if (state != null) {
        if (transitions.isEmpty()) {
          transitions = new ArrayList<>();
        }
        transitions.add(Detection.of(site, sample.time(), DETECTOR, sample, state, detector.expected(),
            detector.score(value)));
      }
    }
    return transitions;
  }

  public synchronized boolean firing(long seriesId) {
    BaselineDetector detector = detectors.get(seriesId);
    return detector != null && detector.firing();
  }

  /**
   * The learned level of a series past its warm-up; while it fires, the level frozen before the
   * fault (what a scale-out is sized against). Empty for an unknown or still warming series.
   */
  public synchronized OptionalDouble expected(long seriesId) {
    BaselineDetector detector = detectors.get(seriesId);
    return detector != null && detector.warmedUp() ? OptionalDouble.of(detector.expected()) : OptionalDouble.empty();
  }

  /** Points of monitored metrics dropped: not finite, or not newer than their series' last point. */
  public synchronized long rejectedPoints() {
    return rejectedPoints;
  }

  public synchronized int seriesCount() {
    return detectors.size();
  }
}
