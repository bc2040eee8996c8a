package io.sextant.central.model.release;

import io.sextant.common.bundle.ModelBundle;
import io.sextant.common.bundle.ModelReports;
import io.sextant.common.bundle.Releases;
import io.sextant.common.bundle.SignedBundle;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Ids;
import io.sextant.store.registry.ModelRegistry;
import io.sextant.store.registry.Release;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs model versions and sends them to sites as {@code ModelRelease} messages on
 * {@link Topic#MODELS}, keyed {@code site/modelId} (latest wins on a compacted topic), following a
 * {@link ReleasePlan}; records each site's release in the registry. Canary rollouts advance on
 * {@link #tick()} and halt on an edge's report ({@link #onReport}). Thread-safe (one lock).
 */
public final class Rollouts {
  private static final Logger log = LoggerFactory.getLogger(Rollouts.class);

  private final MessageBus bus;
  private final ModelRegistry registry;
  private final SigningKey key;
  private final List<String> sites;
  private final Clock clock;
  private final Map<String, Rollout> active = new LinkedHashMap<>();
  private final Map<String, SignedBundle> signed = new LinkedHashMap<>();

  /** {@code sites}: every site a release may go to (ALL means these). */
  public Rollouts(MessageBus bus, ModelRegistry registry, SigningKey key, List<String> sites, Clock clock) {
    if (sites.isEmpty()) {
      throw new IllegalArgumentException("rollouts need at least one site");
    }
    this.bus = bus;
    this.registry = registry;
    this.key = key;
    this.sites = List.copyOf(sites);
    this.clock = clock;
  }

  /** Signs {@code bundle} and sends it to the plan's first wave now. */
  public synchronized Rollout start(ModelBundle bundle, ReleasePlan plan) {
    List<String> first;
    List<String> later = List.of();
    switch (plan.mode()) {
      case ALL -> first = sites;
      case SITES -> {
        for (String s : plan.sites()) {
          if (!sites.contains(s)) {
            throw new IllegalArgumentException("unknown site '" + s + "'; sites are " + sites);
          }
        }
        first = plan.sites();
      }
      case CANARY -> {
        // Stable per model: the same sites are canaries for every version of a model.
        List<String> order = new ArrayList<>(sites);
        order.sort(Comparator.comparingLong((String s) -> Ids.hash64(bundle.modelId(), s)).thenComparing(s -> s));
        int n = (int) Math.max(1, Math.min(sites.size() - 1, Math.ceil(plan.canaryFraction() * sites.size())));
        first = List.copyOf(order.subList(0, n));
        later = List.copyOf(order.subList(n, order.size()));
      }
      default -> throw new IllegalStateException("unknown mode " + plan.mode());
    }
    SignedBundle s = key.signer().sign(bundle);
    Instant now = clock.instant();
    boolean canary = plan.mode() == ReleasePlan.Mode.CANARY && !later.isEmpty();
    Rollout r = new Rollout(bundle.modelId(), bundle.version(), first, later, now, plan.healthyFor(),
        canary ? Rollout.State.CANARY : Rollout.State.COMPLETE);
    publish(s, first, canary ? Release.Phase.CANARY : Release.Phase.FULL, now);
    String id = id(bundle.modelId(), bundle.version());
    active.put(id, r);
    signed.put(id, s);
    log.info("release {}: {}", id, r);
    return r;
  }

  /** Completes canaries that stayed healthy long enough; returns the rollouts that changed. */
  public synchronized List<Rollout> tick() {
    Instant now = clock.instant();
    List<Rollout> changed = new ArrayList<>();
    for (Map.Entry<String, Rollout> e : active.entrySet()) {
      Rollout r = e.getValue();
      if (r.next(Rollout.Event.TICK, now, null, null)) {
        publish(signed.get(e.getKey()), r.remainingSites(), Release.Phase.FULL, now);
        log.info("release {}: {}", e.getKey(), r);
        changed.add(r);
      }
    }
    return changed;
  }

  /** An edge refused or rolled back a version: halts that version's canary if the edge is a canary. */
  public synchronized void onReport(ModelReports.Report report) {
    Rollout r = active.get(id(report.modelId(), report.version()));
    if (r != null && r.next(Rollout.Event.CANARY_PROBLEM, report.time(), report.site(),
        (report.refused() ? "refused: " : "rolled back: ") + report.reason())) {
      log.warn("release {}: {}", id(report.modelId(), report.version()), r);
    }
  }

  public synchronized Optional<Rollout> get(String modelId, long version) {
    return Optional.ofNullable(active.get(id(modelId, version)));
  }

  private void publish(SignedBundle s, List<String> targets, Release.Phase phase, Instant now) {
    for (String site : targets) {
      bus.publish(Topic.MODELS, Releases.toRelease(s, site, now)).join();
      registry.recordRelease(new Release(s.bundle().modelId(), s.bundle().version(), site, phase, now));
    }
  }

  private static String id(String modelId, long version) {
    return modelId + "@" + version;
  }
}
