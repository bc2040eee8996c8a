package io.sextant.runbook.execute;

import io.sextant.common.model.Detection;
import io.sextant.common.model.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Health of resources as seen through detector transitions and sample freshness; the
 * {@link Verifier} that edge and centre both use. A resource has recovered when none of its
 * series is firing and it reported after the action (silence is not recovery). Transitions are
 * applied by event time per series: a late, older transition changes nothing. A firing series
 * that stopped reporting while its resource goes on reporting under other series (a label
 * changed, e.g. a service moved) is stale after {@link #STALE_AFTER} and no longer counts.
 * {@link #reportedUntil} is how far the resources' sites have reported, in the samples' event time,
 * so a deadline is judged on what has arrived: a resource silent while its site goes on reporting
 * is judged, a site whose samples are still on the way is waited for.
 * Thread-safe.
 */
public final class ResourceHealth implements Verifier {
  /** Six 5 s windows: long enough for a late scrape, short against a 40 s verification. */
  public static final Duration STALE_AFTER = Duration.ofSeconds(30);
  /**
   * A resource its site has not reported for this long is forgotten (renamed pods, removed
   * services would otherwise be kept for ever); far beyond any verification's wait (10 × within).
   */
  public static final Duration FORGET_AFTER = Duration.ofHours(1);

  private record Firing(String resource, String metric) {}

  private final Map<Long, Firing> firing = new HashMap<>();
  private final Map<Long, Instant> seriesSeen = new HashMap<>();
  private final Map<Long, Instant> lastTransition = new HashMap<>();
  private final Map<String, Instant> lastSeen = new HashMap<>();
  /** The newest sample time of each site, and the site each resource reports from. */
  private final Map<String, Instant> siteSeen = new HashMap<>();
  private final Map<String, String> siteOf = new HashMap<>();
  /** The newest sample time at the last pass that forgot silent resources. */
  private Instant forgotAt = Instant.MIN;

  public synchronized void onSamples(List<Sample> samples) {
    for (Sample s : samples) {
      lastSeen.merge(s.resource(), s.time(), (a, b) -> a.isAfter(b) ? a : b);
      siteSeen.merge(s.site(), s.time(), (a, b) -> a.isAfter(b) ? a : b);
      siteOf.put(s.resource(), s.site());
      long id = s.seriesId();
      if (firing.containsKey(id)) {
        seriesSeen.merge(id, s.time(), (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    forgetSilent();
  }

  /** At most once per {@link #STALE_AFTER} of sample time: one pass over the resources. */
  private void forgetSilent() {
    Instant newest = siteSeen.values().stream().max(Instant::compareTo).orElse(Instant.MIN);
    if (!newest.isAfter(forgotAt.plus(STALE_AFTER))) {
      return;
    }
    forgotAt = newest;
    lastSeen.entrySet().removeIf(e -> {
      Instant site = siteSeen.get(siteOf.get(e.getKey()));
      boolean silent = site != null && site.isAfter(e.getValue().plus(FORGET_AFTER));
      if (silent) {
        siteOf.remove(e.getKey());
      }
      return silent;
    });
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
      seriesSeen.merge(series, d.time(), (a, b) -> a.isAfter(b) ? a : b);
    } else {
      firing.remove(series);
      seriesSeen.remove(series);
    }
  }

  public synchronized boolean firing(String resource) {
    return live().anyMatch(e -> e.getValue().resource.equals(resource));
  }

  public synchronized boolean firing(String resource, String metric) {
    return live().anyMatch(e -> e.getValue().resource.equals(resource) && e.getValue().metric.equals(metric));
  }

  public synchronized Set<String> firingResources() {
    Set<String> out = new HashSet<>();
    live().forEach(e -> out.add(e.getValue().resource));
    return out;
  }

  /** Firing series that are not stale. */
  private Stream<Map.Entry<Long, Firing>> live() {
    return firing.entrySet().stream().filter(e -> {
      Instant resourceSeen = lastSeen.get(e.getValue().resource);
      Instant seen = seriesSeen.get(e.getKey());
      return resourceSeen == null || seen == null || !resourceSeen.isAfter(seen.plus(STALE_AFTER));
    });
  }

  @Override
  public synchronized boolean recovered(List<String> resources, Instant since) {
    return recovered(resources, List.of(), since);
  }

  @Override
  public synchronized boolean recovered(List<String> resources, List<String> kpi, Instant since) {
    for (String r : resources) {
      Instant seen = lastSeen.get(r);
      if (seen == null || !seen.isAfter(since)) {
        return false;
      }
      boolean firing = kpi.isEmpty() ? firing(r) : kpi.stream().anyMatch(m -> firing(r, m));
      if (firing) {
        return false;
      }
    }
    return true;
  }

  @Override
  public synchronized String unrecovered(List<String> resources, List<String> kpi, Instant since) {
    List<String> silent = resources.stream().filter(r -> lastSeen.get(r) == null || !lastSeen.get(r).isAfter(since))
        .toList();
    List<String> firing = live().map(Map.Entry::getValue)
        .filter(f -> resources.contains(f.resource) && (kpi.isEmpty() || kpi.contains(f.metric)))
        .map(f -> f.resource + " " + f.metric).distinct().sorted().toList();
    return (silent.isEmpty() ? "" : "; no sample since the action: " + String.join(", ", silent))
        + (firing.isEmpty() ? "" : "; still firing: " + String.join(", ", firing));
  }

  @Override
  public synchronized Instant reportedUntil(List<String> resources) {
    Instant until = Instant.MAX;
    for (String r : resources) {
      String site = siteOf.get(r);
      if (site == null) {
        return Instant.MIN;
      }
      Instant seen = siteSeen.get(site);
      until = seen.isBefore(until) ? seen : until;
    }
    return until;
  }
}
