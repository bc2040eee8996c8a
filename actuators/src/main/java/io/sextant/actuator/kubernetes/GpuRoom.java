package io.sextant.actuator.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the pods leaving a node fit in the free GPUs of the other schedulable, ready nodes
 * (allocatable minus what their pods request), first-fit by decreasing need: a drain that would
 * leave GPU pods pending is refused before anything is touched. A check, not a placement: the
 * scheduler places the pods.
 */
final class GpuRoom {
  private GpuRoom() {}

  static long gpus(Pod p, String resource) {
    long n = 0;
    for (Container c : p.getSpec().getContainers()) {
      if (c.getResources() == null) {
        continue;
      }
      Quantity q = c.getResources().getLimits() == null ? null : c.getResources().getLimits().get(resource);
      if (q == null && c.getResources().getRequests() != null) {
        q = c.getResources().getRequests().get(resource);
      }
      n += q == null ? 0 : q.getNumericalAmount().longValue();
    }
    return n;
  }

  static boolean schedulable(Node n) {
    if (Boolean.TRUE.equals(n.getSpec() == null ? null : n.getSpec().getUnschedulable())) {
      return false;
    }
    List<NodeCondition> conditions = n.getStatus() == null ? null : n.getStatus().getConditions();
    return conditions == null || conditions.stream()
        .noneMatch(c -> "Ready".equals(c.getType()) && !"True".equals(c.getStatus()));
  }

  /** Free GPUs per other schedulable node. */
  static Map<String, Long> free(List<Node> nodes, List<Pod> pods, String leaving, String resource) {
    Map<String, Long> free = new LinkedHashMap<>();
    for (Node n : nodes) {
      String name = n.getMetadata().getName();
      if (name.equals(leaving) || !schedulable(n)) {
        continue;
      }
      Quantity a = n.getStatus() == null || n.getStatus().getAllocatable() == null ? null
          : n.getStatus().getAllocatable().get(resource);
      long used = pods.stream().filter(p -> name.equals(p.getSpec().getNodeName())).mapToLong(p -> gpus(p, resource))
          .sum();
      free.put(name, (a == null ? 0 : a.getNumericalAmount().longValue()) - used);
    }
    return free;
  }

  /** Why the moving pods do not fit, or empty when each finds room. */
  static Optional<String> shortfall(List<Pod> moving, Map<String, Long> free, String resource) {
    Map<String, Long> left = new LinkedHashMap<>(free);
    List<Pod> byNeed = new ArrayList<>(moving);
    byNeed.sort(Comparator.comparingLong((Pod p) -> gpus(p, resource)).reversed());
    for (Pod p : byNeed) {
      long need = gpus(p, resource);
      if (need == 0) {
        continue;
      }
      Optional<Map.Entry<String, Long>> fit = left.entrySet().stream().filter(e -> e.getValue() >= need).findFirst();
      if (fit.isEmpty()) {
        return Optional.of("pod " + p.getMetadata().getName() + " needs " + need + " " + resource
            + " and no other schedulable node has that free (free: " + free + ")");
      }
      fit.get().setValue(fit.get().getValue() - need);
    }
    return Optional.empty();
  }
}
