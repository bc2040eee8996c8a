package io.sextant.common.gpu;

import io.sextant.common.model.Detection;
import io.sextant.common.model.DetectorNames;
import java.util.Set;

/**
 * Names of NVIDIA's DCGM exporter exposition (one series per GPU, labelled {@code gpu} (the index),
 * {@code UUID}, {@code device} ({@code nvidia0}), {@code modelName}, {@code Hostname}, and with the
 * Kubernetes mapping on, {@code pod} / {@code namespace} / {@code container} of the workload using
 * the GPU) and the edge's built-in rules on them.
 *
 * <p>Which signals are a GPU node failure, acted on by the centre's migrate runbook, and which are
 * only alarms: an XID in {@link #FATAL_XIDS}, a double-bit ECC error and a GPU gone from its
 * exporter's answer mean the GPU needs a reset or the node a drain (NVIDIA's XID catalogue); a
 * thermal or power throttle, a high temperature, or another XID (13, 31, 43: mostly the
 * application's own faults) do not, and only alarm.
 */
public final class Dcgm {
  /** Gauge: the last XID error code the driver reported for the GPU, 0 for none. */
  public static final String XID = "DCGM_FI_DEV_XID_ERRORS";
  /** Counter: volatile double-bit ECC errors since the driver loaded. */
  public static final String ECC_DBE = "DCGM_FI_DEV_ECC_DBE_VOL_TOTAL";
  /** Counter: microseconds the GPU was throttled for temperature. */
  public static final String THERMAL_VIOLATION = "DCGM_FI_DEV_THERMAL_VIOLATION";
  /** Counter: microseconds the GPU was throttled for power. */
  public static final String POWER_VIOLATION = "DCGM_FI_DEV_POWER_VIOLATION";
  /** Gauge: GPU temperature, °C. */
  public static final String GPU_TEMP = "DCGM_FI_DEV_GPU_TEMP";
  /** Gauge: GPU utilisation, %. */
  public static final String GPU_UTIL = "DCGM_FI_DEV_GPU_UTIL";
  /** Every DCGM exporter series name starts with this. */
  public static final String PREFIX = "DCGM_FI_";
  /** The GPU's identity labels, most specific first. */
  public static final String UUID = "UUID";
  public static final String GPU = "gpu";
  /** The workload label the Kubernetes mapping adds to the series of a GPU a pod uses. */
  public static final String POD = "pod";

  /**
   * The metric of the edge's detection that a GPU left its exporter's answer (fell off the bus, XID
   * 79): 1 while present, 0 once gone; detector {@link DetectorNames#ABSENT}.
   */
  public static final String GPU_PRESENT = "dcgm_gpu_present";

  /** Built-in threshold names (edge-reasoner {@code ThresholdRules.defaults}). */
  public static final String RULE_XID = "gpu-xid";
  public static final String RULE_ECC_DBE = "gpu-ecc-dbe";
  public static final String RULE_THERMAL = "gpu-thermal-throttle";
  public static final String RULE_POWER = "gpu-power-throttle";
  public static final String RULE_TEMP = "gpu-temp-high";

  /**
   * XIDs after which the GPU cannot be trusted with work until it is reset or the node drained:
   * 48 double-bit ECC, 63/64 row remapping pending/failed, 74 NVLink error, 79 fallen off the bus,
   * 92 high single-bit ECC rate, 94/95 contained/uncontained ECC, 119/120 GSP errors.
   */
  public static final Set<Integer> FATAL_XIDS = Set.of(48, 63, 64, 74, 79, 92, 94, 95, 119, 120);

  private Dcgm() {}

  /**
   * Whether a firing detection means the GPU node it names has failed (the centre's GPU node rule):
   * the {@value #RULE_XID} threshold at a fatal XID, the {@value #RULE_ECC_DBE} threshold, or a GPU
   * gone from its exporter's answer. Only on a {@code node:} resource: the node is what moves.
   */
  public static boolean nodeFailure(Detection d) {
    if (d.resource() == null || !d.resource().startsWith("node:")) {
      return false;
    }
    String detector = DetectorNames.input(d.detector());
    return switch (d.metric()) {
      case XID -> detector.equals(DetectorNames.threshold(RULE_XID)) && FATAL_XIDS.contains((int) d.observed());
      case ECC_DBE + ":rate" -> detector.equals(DetectorNames.threshold(RULE_ECC_DBE));
      case GPU_PRESENT -> detector.equals(DetectorNames.ABSENT);
      default -> false;
    };
  }
}
