package io.sextant.actuator;

import io.sextant.common.action.ActionResult;
import io.sextant.common.action.Actuator;
import io.sextant.common.action.Step;
import io.sextant.common.model.Action;
import io.sextant.common.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The actuator a live node acts through: it carries out an action's steps (its runbook's) in
 * order, each through the adapter the node has for it at the action's site; an action without
 * steps takes the first {@link Route} for its kind and site, else goes to the fallback (the
 * simulated cloud, or the refusal of an unwired node). When a step fails, the steps already done
 * are undone, newest first, and the action fails with the step's reason; the rollback undoes every
 * step, newest first. A step the site has no adapter for fails the action before anything is
 * called, not retryable, and is counted ({@code no_adapter}).
 */
public final class ActuatorDispatcher implements Actuator {
  private final AdapterSet adapters;
  private final List<Route> routes;
  private final Actuator fallback;
  private final Supplier<Topology> topology;
  private final Counters counters;

  public ActuatorDispatcher(AdapterSet adapters, List<Route> routes, Actuator fallback, Supplier<Topology> topology,
      Counters counters) {
    this.adapters = adapters;
    this.routes = List.copyOf(routes);
    this.fallback = fallback;
    this.topology = topology;
    this.counters = counters;
  }

  @Override
  public ActionResult apply(Action action) {
    Optional<List<Step>> steps;
    try {
      steps = steps(action);
    } catch (IllegalArgumentException e) {
      counters.count("bad_steps");
      return ActionResult.failed("unreadable steps '" + action.params().get(Step.PARAM) + "': " + e.getMessage(), false);
    }
    if (steps.isEmpty()) {
      return fallback.apply(action);
    }
    List<Adapter> resolved = new ArrayList<>();
    for (Step s : steps.get()) {
      AdapterSet.Found f = adapters.find(s, action.site());
      if (f.adapter() == null) {
        counters.count("no_adapter");
        return ActionResult.failed("step " + s + ": " + f.missing(), false);
      }
      resolved.add(f.adapter());
    }
    List<String> done = new ArrayList<>();
    for (int i = 0; i < resolved.size(); i++) {
      Step s = steps.get().get(i);
      ActionResult r = resolved.get(i).apply(action, s.name());
      if (!r.ok()) {
        String undone = undo(action, steps.get().subList(0, i), resolved.subList(0, i));
        return ActionResult.failed("step " + s + ": " + r.detail() + undone, r.retryable());
      }
      done.add(r.detail());
    }
    return ActionResult.ok(String.join("; ", done));
  }

  @Override
  public ActionResult rollback(Action action) {
    Optional<List<Step>> steps;
    try {
      steps = steps(action);
    } catch (IllegalArgumentException e) {
      counters.count("bad_steps");
      return ActionResult.failed("unreadable steps '" + action.params().get(Step.PARAM) + "': " + e.getMessage(), false);
    }
    if (steps.isEmpty()) {
      return fallback.rollback(action);
    }
    List<Adapter> resolved = new ArrayList<>();
    for (Step s : steps.get()) {
      AdapterSet.Found f = adapters.find(s, action.site());
      if (f.adapter() == null) {
        counters.count("no_adapter");
        return ActionResult.failed("step " + s + ": " + f.missing(), false);
      }
      resolved.add(f.adapter());
    }
    List<String> out = new ArrayList<>();
    boolean ok = true;
    boolean retryable = false;
    for (int i = resolved.size() - 1; i >= 0; i--) {
      ActionResult r = resolved.get(i).undo(action, steps.get().get(i).name());
      out.add(r.detail());
      ok &= r.ok();
      retryable |= !r.ok() && r.retryable();
    }
    return ok ? ActionResult.ok(String.join("; ", out)) : ActionResult.failed(String.join("; ", out), retryable);
  }

  /** The action's own steps, else its route's; empty when it goes to the fallback. */
  private Optional<List<Step>> steps(Action action) {
    List<Step> own = Step.of(action);
    if (!own.isEmpty()) {
      return Optional.of(own);
    }
    for (Route r : routes) {
      if ((r.kind() == null || r.kind() == action.kind()) && AdapterSet.matches(r.sites(), action.site())) {
        return Optional.of(List.of(r.step()));
      }
    }
    return Optional.empty();
  }

  private static String undo(Action action, List<Step> steps, List<Adapter> adapters) {
    if (steps.isEmpty()) {
      return "";
    }
    List<String> out = new ArrayList<>();
    for (int i = steps.size() - 1; i >= 0; i--) {
      out.add(steps.get(i) + ": " + adapters.get(i).undo(action, steps.get(i).name()).detail());
    }
    return "; undid the steps before it: " + String.join("; ", out);
  }

  @Override
  public Topology topology() {
    return topology.get();
  }
}
