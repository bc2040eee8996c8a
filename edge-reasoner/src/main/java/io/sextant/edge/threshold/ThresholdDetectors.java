package io.sextant.edge.threshold;

import io.sextant.common.model.Detection;
import io.sextant.common.model.DetectorNames;
import io.sextant.common.model.Ids;
import io.sextant.common.model.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The static thresholds of one edge site, fed the same samples as the learned detectors: per
 * series and rule, the level the series is in, and a {@link Detection} at each change: FIRING
 * with the new level's severity (entering a level, or moving to another), RESOLVED on leaving
 * the last one. Detections are named {@code threshold:<rule>}, carry the level's severity, the
 * value as {@code observed}, the crossed {@code raise} as {@code expected} and score 1.
 *
 * <p>No warm-up: the first point of a series can fire. A firing series that stops reporting for
 * {@link #STALE_AFTER} while the site goes on reporting is resolved as {@code threshold:<rule>/stale},
 * as the learned detectors do, so its alarm does not stay open forever.
 *
 * <p>Thread-safe: {@link #observe} runs on the reasoner's loop, {@link #firingCount} on a
 * metrics scrape.
 */
public final class ThresholdDetectors {
  /** Prometheus' staleness delta, as for the learned detectors. */
  public static final Duration STALE_AFTER = Duration.ofMinutes(5);

  private record Key(long seriesId, String rule) {}

  /** A series' current level under one rule; {@code last} is its latest sample while firing. */
  private static final class State {
    int level = -1;
    Sample last;
  }

  private final Map<String, List<ThresholdRule>> byMetric = new HashMap<>();
  private final Map<Key, State> states = new HashMap<>();
  /** Points in a row past a level a series has not entered yet (rules with {@code points} > 1). */
  private final Map<Key, Integer> pending = new HashMap<>();
  private final long staleAfterMillis;

  public ThresholdDetectors(ThresholdRules rules) {
    this(rules, STALE_AFTER);
  }

  public ThresholdDetectors(ThresholdRules rules, Duration staleAfter) {
    Objects.requireNonNull(rules, "rules");
    rules.all().forEach(r -> byMetric.computeIfAbsent(r.metric(), m -> new ArrayList<>()).add(r));
    this.staleAfterMillis = staleAfter.toMillis();
  }

  /** Feeds one window's samples in order; returns the level changes they caused, in order. */
  public synchronized List<Detection> observe(List<Sample> samples, String site) {
    List<Detection> out = List.of();
    long newest = Long.MIN_VALUE;
    for (Sample s : samples) {
      newest = Math.max(newest, s.time().toEpochMilli());
      List<ThresholdRule> rules = byMetric.get(s.metric());
      if (rules == null || !Double.isFinite(s.value())) {
        continue;
      }
      for (ThresholdRule rule : rules) {
        if (!rule.applies(s.metric(), s.labels())) {
          continue;
        }
        Detection d = step(rule, s, site);
        if (d != null) {
          out = append(out, d);
        }
      }
    }
    return expireStale(site, newest, out);
  }

  private Detection step(ThresholdRule rule, Sample s, String site) {
    Key key = new Key(s.seriesId(), rule.name());
    State state = states.get(key);
    int was = state == null ? -1 : state.level;
    int now = rule.levelOf(was, s.value());
    if (now > was && rule.points() > 1) {
      // entering a level, or a worse one, waits for the rule's points in a row past its raise
      int seen = pending.merge(key, 1, Integer::sum);
      if (seen < rule.points()) {
        now = was;
      } else {
        pending.remove(key);
      }
    } else {
      pending.remove(key);
    }
    if (now >= 0) {
      if (state == null) {
        state = new State();
        states.put(key, state);
      }
      state.last = s;
    }
    if (now == was) {
      return null;
    }
    if (now < 0) {
      states.remove(key);
      Level left = rule.levels().get(was);
      return detection(site, s.time(), rule, s, Detection.State.RESOLVED, s.value(), left.clear(), null);
    }
    state.level = now;
    Level level = rule.levels().get(now);
    return detection(site, s.time(), rule, s, Detection.State.FIRING, s.value(), level.raise(), level);
  }

  private List<Detection> expireStale(String site, long newest, List<Detection> out) {
    for (var it = states.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      Sample last = e.getValue().last;
      if (newest - last.time().toEpochMilli() <= staleAfterMillis) {
        continue;
      }
      it.remove();
      ThresholdRule rule = rule(e.getKey().rule(), last.metric());
      out = append(out, new Detection(id(site, rule, last, Detection.State.RESOLVED, newest), site,
          Instant.ofEpochMilli(newest), DetectorNames.threshold(rule.name()) + "/stale", last.metric(), last.labels(),
          last.resource(), Detection.State.RESOLVED, last.value(), rule.levels().get(e.getValue().level).clear(), 0,
          null));
    }
    return out;
  }

  private ThresholdRule rule(String name, String metric) {
    return byMetric.get(metric).stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  private static Detection detection(String site, Instant time, ThresholdRule rule, Sample s, Detection.State state,
      double observed, double expected, Level level) {
    return new Detection(id(site, rule, s, state, time.toEpochMilli()), site, time,
        DetectorNames.threshold(rule.name()), s.metric(), s.labels(), s.resource(), state, observed, expected,
        level == null ? 0 : 1, level == null ? null : level.severity());
  }

  /** Unlike a learned detector's, the id names the rule: two detectors may act on one point. */
  private static String id(String site, ThresholdRule rule, Sample s, Detection.State state, long millis) {
    return Ids.of("det", site, DetectorNames.threshold(rule.name()), s.metric(), Long.toHexString(s.seriesId()),
        state.name(), Long.toString(millis));
  }

  private static List<Detection> append(List<Detection> out, Detection d) {
    List<Detection> list = out.isEmpty() ? new ArrayList<>() : out;
    list.add(d);
    return list;
  }

  /** Series currently in a level of {@code rule}. */
  public synchronized int firingCount(String rule) {
    return (int) states.keySet().stream().filter(k -> k.rule().equals(rule)).count();
  }
}
