package io.sextant.common.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who calls whom among services ({@link Service#dependsOn}): a fault in a service travels up to
 * the services that call it, directly or through others.
 */
public final class ServiceCalls {
  private ServiceCalls() {}

  /**
   * A cycle of calls, as the ids along it with the first repeated at the end
   * ({@code a -> b -> a}), or empty when there is none. Dependencies naming no listed service are
   * ignored here (the topology file reports them first).
   */
  public static List<String> cycle(List<Service> services) {
    Map<String, List<String>> deps = new HashMap<>();
    services.forEach(s -> deps.put(s.id(), s.dependsOn()));
    Map<String, Integer> state = new HashMap<>(); // absent: not visited, 1: on the stack, 2: done
    for (Service s : services) {
      List<String> stack = new ArrayList<>();
      List<String> found = visit(s.id(), deps, state, stack);
      if (found != null) {
        return found;
      }
    }
    return List.of();
  }

  private static List<String> visit(String id, Map<String, List<String>> deps, Map<String, Integer> state,
      List<String> stack) {
    Integer st = state.get(id);
    if (st != null && st == 2 || !deps.containsKey(id)) {
      return null;
    }
    if (st != null) { // on the stack: the cycle runs from its first appearance back to it
      List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(id), stack.size()));
      cycle.add(id);
      return List.copyOf(cycle);
    }
    state.put(id, 1);
    stack.add(id);
    for (String d : deps.get(id)) {
      List<String> found = visit(d, deps, state, stack);
      if (found != null) {
        return found;
      }
    }
    stack.remove(stack.size() - 1);
    state.put(id, 2);
    return null;
  }

  /** The services that call {@code serviceId}, directly or through others, sorted by id. */
  public static Set<String> callersOf(List<Service> services, String serviceId) {
    Set<String> out = new TreeSet<>();
    List<String> todo = new ArrayList<>(List.of(serviceId));
    while (!todo.isEmpty()) {
      String callee = todo.remove(todo.size() - 1);
      for (Service s : services) {
        if (s.dependsOn().contains(callee) && !s.id().equals(serviceId) && out.add(s.id())) {
          todo.add(s.id());
        }
      }
    }
    return out;
  }
}
