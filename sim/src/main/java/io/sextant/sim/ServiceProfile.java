package io.sextant.sim;

import io.sextant.common.topology.Service;
import java.util.SplittableRandom;

/**
 * A service's load at the daily mean, fixed when the cloud is built: requests per second, CPU
 * demand in replica units (demand / replicas = per-replica utilization) and GPU load. Fixed at
 * build time so a scale-out lowers per-replica utilization instead of rescaling the demand.
 */
record ServiceProfile(double baseRps, double baseDemand, double gpuLoad) {

  static ServiceProfile of(long seed, Service service) {
    SplittableRandom rng = Seeds.rng(seed, "profile:" + service.resource(), 0);
    // Per-replica CPU at the daily mean: 0.32-0.38, comfortably below saturation.
    double util = 0.32 + 0.06 * rng.nextDouble();
    String kind = service.id().substring(service.id().lastIndexOf('/') + 1);
    double rps = switch (kind) {
      case "web" -> 400;
      case "api" -> 250;
      case "inference" -> 40;
      case "portal" -> 150;
      case "training" -> 5;
      default -> 100;
    };
    double gpu = service.needsGpu() ? 0.5 + 0.2 * rng.nextDouble() : 0;
    return new ServiceProfile(rps * (0.8 + 0.4 * rng.nextDouble()), util * service.replicas(), gpu);
  }
}
