package io.sextant.runbook.execute;

import io.sextant.common.model.Detection;
import io.sextant.common.model.Sample;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Health of resources as seen through detector transitions and sample freshness; the
 * {@link Verifier} that edge and centre both use. A resource has recovered when none of its
 * series is firing and it reported after the action (silence is not recovery). Transitions are
 * applied by event time per series: a late, older transition changes nothing. Thread-safe.
 */
public final class ResourceHealth implements Verifier {
  private record Firing(String resource, String metric) {}

  private final Map<Long, Firing> firing = new HashMap<>();
  private final Map<Long, Instant> lastTransition = new HashMap<>();
  private final Map<String, Instant> lastSeen = new HashMap<>();

  public synchronized void onSamples(List<Sample> samples) {
    for (Sample s : samples) {
      lastSeen.merge(s.resource(), s.time(), (a, b) -> a.isAfter(b) ? a : b);
    }
  }

  public synchronized void onDetection(Detection d) {
    long series = d.seriesId();
    Instant prev = lastTransition.get(series);
    if (prev != null && d.time().isBefore(prev)) {
      return;
    }
    lastTransition.put(series, d.time());
    if (d.state() == Detection.State.FIRING) {
      firing.put(series, new Firing(d.resource(), d.metric()));
    } else {
      firing.remove(series);
    }
  }

  public synchronized boolean firing(String resource) {
    return firing.values().stream().anyMatch(f -> f.resource.equals(resource));
  }

  public synchronized boolean firing(String resource, String metric) {
    return firing.values().stream().anyMatch(f -> f.resource.equals(resource) && f.metric.equals(metric));
  }

  public synchronized Set<String> firingResources() {
    Set<String> out = new HashSet<>();
    firing.values().forEach(f -> out.add(f.resource));
    return out;
  }

  @Override
  public synchronized boolean recovered(List<String> resources, Instant since) {
    for (String r : resources) {
      Instant seen = lastSeen.get(r);
      if (seen == null || !seen.isAfter(since) || firing(r)) {
        return false;
      }
    }
    return true;
  }
}
