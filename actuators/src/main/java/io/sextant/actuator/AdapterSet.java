package io.sextant.actuator;

import io.sextant.common.action.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The adapters one node has, each with the sites it serves (glob patterns): a hook by name, the
 * Kubernetes adapter, the command adapter with its allow-list, the routing adapter, the shaping (tc)
 * adapter. Finding the adapter of a step at a site either succeeds or says why not, in words the
 * audit shows.
 */
public final class AdapterSet {
  /** The adapter for a step, or why none serves it. */
  public record Found(Adapter adapter, String missing) {}

  private record Entry(Adapter adapter, List<String> sites, Predicate<String> names) {}

  private final Map<String, Entry> entries = new LinkedHashMap<>();

  public AdapterSet hook(String name, Adapter adapter, List<String> sites) {
    entries.put("hook:" + name, new Entry(adapter, sites(sites), n -> true));
    return this;
  }

  public AdapterSet kubernetes(Adapter adapter, List<String> sites) {
    entries.put("kubernetes", new Entry(adapter, sites(sites), n -> n.equals("scale") || n.equals("drain")));
    return this;
  }

  /** @param allowed whether a command name is on the allow-list */
  public AdapterSet commands(Adapter adapter, List<String> sites, Predicate<String> allowed) {
    entries.put("command", new Entry(adapter, sites(sites), allowed));
    return this;
  }

  /** @param operations whether the routing adapter has an operation of that name */
  public AdapterSet routing(Adapter adapter, List<String> sites, Predicate<String> operations) {
    entries.put("routing", new Entry(adapter, sites(sites), operations));
    return this;
  }

  /** @param operations whether the shaping adapter has an operation of that name */
  public AdapterSet tc(Adapter adapter, List<String> sites, Predicate<String> operations) {
    entries.put("tc", new Entry(adapter, sites(sites), operations));
    return this;
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public Found find(Step step, String site) {
    String key = step.adapter() == Step.Adapter.HOOK ? "hook:" + step.name() : step.adapter().key();
    Entry e = entries.get(key);
    if (e == null) {
      return new Found(null, "this node has no " + (step.adapter() == Step.Adapter.HOOK ? "hook '" + step.name() + "'"
          : step.adapter().key() + " adapter") + " (actuators." + section(step) + ")");
    }
    if (!e.names().test(step.name())) {
      return new Found(null, switch (step.adapter()) {
        case COMMAND -> "command '" + step.name() + "' is not on the allow-list (actuators.commands.allow)";
        case ROUTING -> "routing has no operation '" + step.name() + "' (reroute)";
        case TC -> "tc has no operation '" + step.name() + "' (rate)";
        default -> "kubernetes has no operation '" + step.name() + "' (scale or drain)";
      });
    }
    if (!matches(e.sites(), site)) {
      return new Found(null, "site " + site + " has no adapter for step " + step + " (its sites: " + e.sites() + ")");
    }
    return new Found(e.adapter(), null);
  }

  private static String section(Step step) {
    return switch (step.adapter()) {
      case HOOK -> "hooks";
      case KUBERNETES -> "kubernetes";
      case COMMAND -> "commands";
      case ROUTING -> "routing";
      case TC -> "tc";
    };
  }

  private static List<String> sites(List<String> s) {
    return s == null || s.isEmpty() ? List.of("*") : List.copyOf(s);
  }

  static boolean matches(List<String> globs, String site) {
    for (String g : globs) {
      if (Pattern.matches(g.replace(".", "\\.").replace("?", ".").replace("*", ".*"), site)) {
        return true;
      }
    }
    return false;
  }
}
