package io.sextant.collector.policy;

import io.sextant.common.model.Heartbeat;
import io.sextant.common.model.UploadPolicy;
import io.sextant.common.model.UploadPolicy.Mode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An upload policy's rules compiled for matching: metric globs become patterns once, and when no
 * rule looks at labels the mode of a metric name is cached (series of one metric then always
 * share their mode). Used from the window thread only (the cache is not synchronized).
 */
final class PolicyMatcher {
  private static final int MAX_CACHED_METRICS = 100_000;

  private record Compiled(Pattern metric, Map<String, String> labels, Mode mode) {}

  private final UploadPolicy policy;
  private final List<Compiled> rules = new ArrayList<>();
  private final boolean byMetricOnly;
  private final boolean keepsLocal;
  private final Map<String, Mode> cache = new HashMap<>();

  PolicyMatcher(UploadPolicy policy) {
    this.policy = policy;
    boolean labelsUsed = false;
    for (UploadPolicy.Rule r : policy.rules()) {
      rules.add(new Compiled(glob(r.metric()), r.labels(), r.mode()));
      labelsUsed |= !r.labels().isEmpty();
    }
    this.byMetricOnly = !labelsUsed;
    this.keepsLocal = policy.defaultMode() == Mode.LOCAL_ONLY
        || rules.stream().anyMatch(r -> r.mode() == Mode.LOCAL_ONLY);
  }

  UploadPolicy policy() {
    return policy;
  }

  /** True when every series goes up raw and unredacted: the engine can pass batches through. */
  boolean passThrough() {
    return rules.stream().allMatch(r -> r.mode() == Mode.RAW) && policy.defaultMode() == Mode.RAW
        && policy.redactLabels().isEmpty();
  }

  /** True when some series may be LOCAL_ONLY under this policy. */
  boolean keepsAnythingLocal() {
    return keepsLocal;
  }

  Mode modeOf(String metric, Map<String, String> labels) {
    if (Heartbeat.METRIC.equals(metric)) {
      return Mode.RAW; // the centre must hear the edge whatever the policy keeps local
    }
    if (!byMetricOnly) {
      return match(metric, labels);
    }
    Mode m = cache.get(metric);
    if (m == null) {
      m = match(metric, labels);
      if (cache.size() >= MAX_CACHED_METRICS) {
        cache.clear(); // a metric-name explosion must not grow the heap without bound
      }
      cache.put(metric, m);
    }
    return m;
  }

  private Mode match(String metric, Map<String, String> labels) {
    for (Compiled r : rules) {
      if (r.metric().matcher(metric).matches() && labelsMatch(r.labels(), labels)) {
        return r.mode();
      }
    }
    return policy.defaultMode();
  }

  private static boolean labelsMatch(Map<String, String> required, Map<String, String> labels) {
    for (Map.Entry<String, String> e : required.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** {@code *} matches any run of characters; everything else is literal. */
  static Pattern glob(String glob) {
    StringBuilder re = new StringBuilder();
    int from = 0;
    for (int i = glob.indexOf('*'); i >= 0; i = glob.indexOf('*', from)) {
      re.append(Pattern.quote(glob.substring(from, i))).append(".*");
      from = i + 1;
    }
    re.append(Pattern.quote(glob.substring(from)));
    return Pattern.compile(re.toString());
  }
}
