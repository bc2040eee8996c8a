package io.sextant.sim;

import io.sextant.common.model.FaultKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One injected fault, active on {@code [start, end)}. {@code target} is a resource string whose
 * prefix matches the kind, and {@code magnitude} means, by kind:
 * <ul>
 *   <li>LINK_LOSS on {@code link:<id>}: the link's packet loss probability, in (0, 1];
 *   <li>GPU_NODE_FAILURE on {@code node:<id>}: the latency multiplier of services on the node;
 *   <li>CPU_SATURATION on {@code service:<id>}: the demand multiplier (a load surge), &gt; 1;
 *   <li>SERVICE_SLOW on {@code service:<id>}: the multiplier of the service's own latency, &gt; 1;
 *   <li>SERVICE_ERRORS on {@code service:<id>}: the share of its requests that fail, in (0, 1].
 * </ul>
 * A service's latency and errors reach the services that call it ({@code dependsOn}), so the last
 * three show in the callers too.
 */
public record Fault(String id, FaultKind kind, String target, Instant start, Instant end, double magnitude) {
  public static final double DEFAULT_GPU_LATENCY_FACTOR = 8.0;
  public static final double DEFAULT_CPU_SURGE = 2.5;

  public Fault {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("fault " + id + ": start must be before end");
    }
    if (!target.startsWith(prefixOf(kind)) || target.length() == prefixOf(kind).length()) {
      throw new IllegalArgumentException("fault " + id + ": " + kind + " needs a target '"
          + prefixOf(kind) + "<id>', got '" + target + "'");
    }
    boolean magnitudeOk = switch (kind) {
      case LINK_LOSS -> magnitude > 0 && magnitude <= 1;
      case GPU_NODE_FAILURE -> magnitude >= 1;
      case CPU_SATURATION, SERVICE_SLOW -> magnitude > 1;
      case SERVICE_ERRORS -> magnitude > 0 && magnitude <= 1;
    };
    if (!magnitudeOk || Double.isNaN(magnitude)) {
      throw new IllegalArgumentException("fault " + id + ": magnitude " + magnitude + " is out of range for " + kind);
    }
  }

  public static Fault linkLoss(String id, String linkId, Instant start, Duration length, double loss) {
    return new Fault(id, FaultKind.LINK_LOSS, "link:" + linkId, start, start.plus(length), loss);
  }

  public static Fault gpuNodeFailure(String id, String nodeId, Instant start, Duration length) {
    return new Fault(id, FaultKind.GPU_NODE_FAILURE, "node:" + nodeId, start, start.plus(length),
        DEFAULT_GPU_LATENCY_FACTOR);
  }

  public static Fault cpuSaturation(String id, String serviceId, Instant start, Duration length, double surge) {
    return new Fault(id, FaultKind.CPU_SATURATION, "service:" + serviceId, start, start.plus(length), surge);
  }

  /** A dependency fault: {@code serviceId} answers {@code factor} times slower than it would. */
  public static Fault serviceSlow(String id, String serviceId, Instant start, Duration length, double factor) {
    return new Fault(id, FaultKind.SERVICE_SLOW, "service:" + serviceId, start, start.plus(length), factor);
  }

  /** A dependency fault: {@code serviceId} fails {@code ratio} of its requests. */
  public static Fault serviceErrors(String id, String serviceId, Instant start, Duration length, double ratio) {
    return new Fault(id, FaultKind.SERVICE_ERRORS, "service:" + serviceId, start, start.plus(length), ratio);
  }

  public boolean isActiveAt(Instant t) {
    return !t.isBefore(start) && t.isBefore(end);
  }

  /** The target without its resource prefix: a link, node or service id. */
  public String targetId() {
    return target.substring(prefixOf(kind).length());
  }

  static String prefixOf(FaultKind kind) {
    return switch (kind) {
      case LINK_LOSS -> "link:";
      case GPU_NODE_FAILURE -> "node:";
      case CPU_SATURATION, SERVICE_SLOW, SERVICE_ERRORS -> "service:";
    };
  }
}
