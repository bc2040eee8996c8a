package io.sextant.common.action;

import io.sextant.common.model.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One way an action is carried out: a named remediation hook, a Kubernetes operation, an
 * allow-listed command, a routing change or a link's shaped rate. A runbook's steps travel with its
 * action in the parameter
 * {@value #PARAM} ({@code hook:sdn,command:restart-gw}), so the audit log shows what was called and
 * an edge applying a command from the centre needs nothing but the action. An action without steps
 * goes to the adapter the node configures for its kind.
 */
public record Step(Adapter adapter, String name) {
  /** The action parameter that lists the steps, in order. */
  public static final String PARAM = "steps";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  /** The kinds of adapter a step can name. */
  public enum Adapter {
    HOOK,
    KUBERNETES,
    COMMAND,
    /** FRR through vtysh: {@code routing:reroute}. */
    ROUTING,
    /** A link's egress rate through tc: {@code tc:rate}. */
    TC;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Adapter of(String key) {
      for (Adapter a : values()) {
        if (a.key().equals(key)) {
          return a;
        }
      }
      throw new IllegalArgumentException("unknown adapter '" + key + "' (hook, kubernetes, command, routing or tc)");
    }
  }

  public Step {
    if (adapter == null) {
      throw new IllegalArgumentException("step: adapter required");
    }
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("step " + adapter.key() + ": name '" + name
          + "' must be letters, digits, '.', '_' or '-'");
    }
  }

  @Override
  public String toString() {
    return adapter.key() + ":" + name;
  }

  public static String encode(List<Step> steps) {
    return steps.stream().map(Step::toString).collect(Collectors.joining(","));
  }

  /** The steps of {@code encoded}; a malformed list is an {@link IllegalArgumentException} naming the element. */
  public static List<Step> decode(String encoded) {
    List<Step> out = new ArrayList<>();
    if (encoded == null || encoded.isBlank()) {
      return out;
    }
    for (String part : encoded.split(",")) {
      int colon = part.indexOf(':');
      if (colon < 1) {
        throw new IllegalArgumentException("step '" + part + "' is not adapter:name");
      }
      out.add(new Step(Adapter.of(part.substring(0, colon).strip()), part.substring(colon + 1).strip()));
    }
    return out;
  }

  /** The steps an action carries (empty: the node's adapter for its kind). */
  public static List<Step> of(Action action) {
    return decode(action.params().get(PARAM));
  }
}
