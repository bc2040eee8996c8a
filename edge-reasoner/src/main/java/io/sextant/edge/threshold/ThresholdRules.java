package io.sextant.edge.threshold;

import io.sextant.common.gpu.Dcgm;
import io.sextant.common.model.Severity;
import io.sextant.edge.threshold.ThresholdRule.Direction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The thresholds of an edge, by name. */
public record ThresholdRules(Map<String, ThresholdRule> byName) {
  public ThresholdRules {
    byName.forEach((name, rule) -> {
      if (!name.equals(rule.name())) {
        throw new IllegalArgumentException("byName: key " + name + " holds the rule " + rule.name());
      }
    });
    byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
  }

  public static ThresholdRules of(ThresholdRule... rules) {
    Map<String, ThresholdRule> m = new LinkedHashMap<>();
    Arrays.stream(rules).forEach(r -> {
      if (m.put(r.name(), r) != null) {
        throw new IllegalArgumentException("name: two thresholds named " + r.name());
      }
    });
    return new ThresholdRules(m);
  }

  public static ThresholdRules none() {
    return new ThresholdRules(Map.of());
  }

  /**
   * The rules that need no learning, on from the first window: a scrape target down
   * ({@code up <= 0}), a peer's TCP port unreachable ({@code probe_tcp_up <= 0}), a probe path
   * losing every packet ({@code probe_loss_ratio >= 1}), a BGP session down ({@code bgp_session_up
   * <= 0}), a BGP session or prefix flapping ({@link #bgpFlapSuppress} at RFC 2439's 2000/750), and
   * the GPU rules on DCGM exporter series ({@link #gpu}). The learned loss rule (+2 points over the
   * baseline) watches the partial losses once it has warmed up.
   */
  public static ThresholdRules defaults() {
    List<ThresholdRule> all = new ArrayList<>(List.of(
        new ThresholdRule("up-down", "up", List.of(), Direction.BELOW, List.of(Level.at(Severity.MAJOR, 0))),
        new ThresholdRule("probe-tcp-down", "probe_tcp_up", List.of(), Direction.BELOW,
            List.of(Level.at(Severity.MAJOR, 0))),
        new ThresholdRule("probe-path-dead", "probe_loss_ratio", List.of(), Direction.ABOVE,
            List.of(Level.at(Severity.CRITICAL, 1))),
        new ThresholdRule("bgp-session-down", "bgp_session_up", List.of(), Direction.BELOW,
            List.of(Level.at(Severity.MAJOR, 0))),
        bgpFlapSuppress(2000, 750)));
    all.addAll(gpu());
    return of(all.toArray(ThresholdRule[]::new));
  }

  /** Throttled this share of the time (µs per s) is a throttle worth an alarm, not a blip. */
  static final double THROTTLED_US_PER_S = 100_000;
  /** Most data-centre GPUs slow down near 90 °C; the alarm clears 5 °C below. */
  static final double GPU_TEMP_RAISE = 90;
  static final double GPU_TEMP_CLEAR = 85;

  /**
   * The GPU rules, on NVIDIA DCGM exporter series ({@link Dcgm}); counters arrive as per-second
   * rates ({@code <name>:rate}), so "increasing" is a rate above 0, known from a target's second
   * scrape. An XID (the gauge holds the last code, 0 for none) and a double-bit ECC error are
   * critical; a thermal throttle and a high temperature major; a power throttle a warning. Which of
   * them is a GPU node failure is the centre's call ({@link Dcgm#nodeFailure}). A GPU gone from the
   * answer is {@link VanishedGpus}, not a threshold.
   */
  public static List<ThresholdRule> gpu() {
    return List.of(
        new ThresholdRule(Dcgm.RULE_XID, Dcgm.XID, List.of(), Direction.ABOVE, List.of(Level.at(Severity.CRITICAL, 1))),
        new ThresholdRule(Dcgm.RULE_ECC_DBE, Dcgm.ECC_DBE + ":rate", List.of(), Direction.ABOVE,
            List.of(Level.at(Severity.CRITICAL, Double.MIN_VALUE))),
        new ThresholdRule(Dcgm.RULE_THERMAL, Dcgm.THERMAL_VIOLATION + ":rate", List.of(), Direction.ABOVE,
            List.of(Level.at(Severity.MAJOR, THROTTLED_US_PER_S))),
        new ThresholdRule(Dcgm.RULE_POWER, Dcgm.POWER_VIOLATION + ":rate", List.of(), Direction.ABOVE,
            List.of(Level.at(Severity.WARNING, THROTTLED_US_PER_S))),
        new ThresholdRule(Dcgm.RULE_TEMP, Dcgm.GPU_TEMP, List.of(), Direction.ABOVE,
            List.of(new Level(Severity.MAJOR, GPU_TEMP_RAISE, GPU_TEMP_CLEAR))));
  }

  /**
   * {@code bgp-flap-suppress}: a session or prefix whose flap penalty reached {@code suppress},
   * cleared once it decayed below {@code reuse} (the damping figures of the edge's BGP source, so
   * the alarm and {@code bgp_flap_suppressed} agree).
   */
  public static ThresholdRule bgpFlapSuppress(double suppress, double reuse) {
    return new ThresholdRule("bgp-flap-suppress", "bgp_flap_penalty", List.of(), Direction.ABOVE,
        List.of(new Level(Severity.MAJOR, suppress, reuse)));
  }

  /** These rules with {@code overrides} on top: a rule of the same name replaces the one here. */
  public ThresholdRules with(ThresholdRules overrides) {
    Map<String, ThresholdRule> m = new LinkedHashMap<>(byName);
    m.putAll(overrides.byName());
    return new ThresholdRules(m);
  }

  public List<ThresholdRule> all() {
    return List.copyOf(byName.values());
  }
}
