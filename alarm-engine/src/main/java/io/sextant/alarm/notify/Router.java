package io.sextant.alarm.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Routes in order: the first matching route takes the alarm unless it says {@code continue};
 * an alarm no route takes goes to the fallback route (Alertmanager's root route).
 */
public final class Router {
  private final List<Route> routes;
  private final Route fallback;

  public Router(List<Route> routes, Route fallback) {
    this.routes = List.copyOf(routes);
    this.fallback = Objects.requireNonNull(fallback, "fallback");
  }

  public List<Route> routesFor(Map<String, String> labels) {
    List<Route> out = new ArrayList<>(1);
    for (Route route : routes) {
      if (io.sextant.common.match.Matcher.all(route.matchers(), labels)) {
        out.add(route);
        if (!route.continueMatching()) {
          return out;
        }
      }
    }
    if (out.isEmpty()) {
      out.add(fallback);
    }
    return out;
  }

  /** Every route including the fallback, for receivers' validation. */
  public List<Route> all() {
    List<Route> all = new ArrayList<>(routes);
    all.add(fallback);
    return all;
  }
}
