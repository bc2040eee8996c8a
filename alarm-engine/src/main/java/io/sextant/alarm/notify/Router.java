package io.sextant.alarm.notify;

import io.sextant.common.match.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Alertmanager's routing tree. An alarm enters at the root (which takes every alarm) and goes
 * down: at each node the children are tried in order, the first matching child takes it unless it
 * says {@code continue}, and a node none of whose children takes the alarm takes it itself. Each
 * node's {@link Route} already holds what it inherits from its parents (receiver, grouping,
 * timings); matchers are its own.
 */
public final class Router {
  /** One node of the tree: its route and its child nodes, in order. */
  public record Node(Route route, List<Node> children) {
    public Node {
      Objects.requireNonNull(route, "route");
      children = List.copyOf(children);
    }
  }

  private final Node root;

  /** A one-level tree: {@code routes} under the fallback route (Sextant's own format). */
  public Router(List<Route> routes, Route fallback) {
    this(new Node(Objects.requireNonNull(fallback, "fallback"), routes.stream().map(r -> new Node(r, List.of()))
        .toList()));
  }

  public Router(Node root) {
    this.root = Objects.requireNonNull(root, "root");
  }

  public Node root() {
    return root;
  }

  public List<Route> routesFor(Map<String, String> labels) {
    List<Route> out = new ArrayList<>(1);
    if (!take(root, labels, out)) {
      out.add(root.route()); // the root takes every alarm, whatever its matchers say
    }
    return out;
  }

  private static boolean take(Node node, Map<String, String> labels, List<Route> out) {
    if (!Matcher.all(node.route().matchers(), labels)) {
      return false;
    }
    boolean taken = false;
    for (Node child : node.children()) {
      if (take(child, labels, out)) {
        taken = true;
        if (!child.route().continueMatching()) {
          break;
        }
      }
    }
    if (!taken) {
      out.add(node.route());
    }
    return true;
  }

  /** Every route of the tree, depth first, the root last (the fallback), for receivers' validation. */
  public List<Route> all() {
    List<Route> all = new ArrayList<>();
    root.children().forEach(c -> collect(c, all));
    all.add(root.route());
    return all;
  }

  private static void collect(Node node, List<Route> out) {
    out.add(node.route());
    node.children().forEach(c -> collect(c, out));
  }
}
