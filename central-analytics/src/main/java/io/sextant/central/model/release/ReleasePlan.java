package io.sextant.central.model.release;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Which sites get a release: every site, a list, or a canary fraction first and the rest once the
 * canaries have run it for {@code healthyFor} without reporting a refusal or a rollback.
 */
public record ReleasePlan(Mode mode, List<String> sites, double canaryFraction, Duration healthyFor) {
  public static final Duration DEFAULT_HEALTHY_FOR = Duration.ofMinutes(10);

  public enum Mode {
    ALL,
    SITES,
    CANARY
  }

  public ReleasePlan {
    Objects.requireNonNull(mode, "mode");
    sites = sites == null ? List.of() : List.copyOf(sites);
    if (mode == Mode.SITES && sites.isEmpty()) {
      throw new IllegalArgumentException("release to sites: name at least one site");
    }
    if (mode == Mode.CANARY && !(canaryFraction > 0 && canaryFraction < 1)) {
      throw new IllegalArgumentException("canary fraction must be in (0, 1), got " + canaryFraction);
    }
    if (mode == Mode.CANARY && (healthyFor == null || healthyFor.isNegative() || healthyFor.isZero())) {
      throw new IllegalArgumentException("canary needs a positive healthy period, got " + healthyFor);
    }
  }

  public static ReleasePlan all() {
    return new ReleasePlan(Mode.ALL, List.of(), 0, null);
  }

  public static ReleasePlan sites(List<String> sites) {
    return new ReleasePlan(Mode.SITES, sites, 0, null);
  }

  public static ReleasePlan canary(double fraction, Duration healthyFor) {
    return new ReleasePlan(Mode.CANARY, List.of(), fraction, healthyFor);
  }
}
