package io.sextant.sim;

import java.util.Set;

/**
 * Metric names the simulated cloud emits. They are a contract: detectors, runbooks and dashboards
 * match on them, so they are the same names a real collector uses.
 */
public final class Kpis {
  public static final String NODE_CPU = "node_cpu_utilization";
  public static final String NODE_MEMORY = "node_memory_utilization";
  public static final String NODE_GPU_UP = "node_gpu_up";
  public static final String NODE_GPU_UTILIZATION = "node_gpu_utilization";
  public static final String SERVICE_RPS = "service_requests_per_second";
  public static final String SERVICE_CPU = "service_cpu_utilization";
  public static final String SERVICE_LATENCY = "service_latency_ms";
  public static final String SERVICE_ERROR_RATIO = "service_error_ratio";
  public static final String SERVICE_REPLICAS = "service_replicas";
  public static final String PROBE_LOSS = "probe_loss_ratio";
  public static final String PROBE_RTT = "probe_rtt_ms";
  public static final String PROBE_JITTER = "probe_jitter_ms";
  /**
   * Probes sent on the path in the window behind its {@code probe_loss_ratio}: the centre's noise
   * model for that ratio needs it (20 from a live edge by default, 200 from the simulated cloud).
   */
  public static final String PROBE_SENT = "probe_sent";

  /** The probe mesh's metrics; a live site's probe source uses the same names. */
  public static final Set<String> PROBE_METRICS = Set.of(PROBE_LOSS, PROBE_RTT, PROBE_JITTER);
  /**
   * What every simulated edge collects under the names the centre's model families read: what a
   * bundle pushed to a simulated edge may declare as inputs.
   */
  public static final Set<String> MODEL_INPUTS = Set.of(SERVICE_CPU, SERVICE_LATENCY, SERVICE_ERROR_RATIO,
      SERVICE_RPS, PROBE_LOSS, PROBE_RTT, PROBE_JITTER, NODE_CPU);

  private Kpis() {}
}
