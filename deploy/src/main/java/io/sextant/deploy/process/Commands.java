package io.sextant.deploy.process;

import io.sextant.common.model.Action;
import java.util.HashMap;
import java.util.Map;

/**
 * What the centre sends an edge on its {@code commands} topic: an {@link Action} to apply, or the
 * same action marked as a rollback. The marker is a parameter the runbooks never use, so the
 * action keeps its id (which is what the edge's actuator rolls back by).
 */
public final class Commands {
  public static final String VERB = "sextant.command";
  public static final String ROLLBACK = "rollback";
  /**
   * Sent by a centre when it starts: edges only log it. It also creates the centre's producer for
   * each site's commands topic, so the first real command is not held up by that.
   */
  public static final String HELLO = "hello";

  private Commands() {}

  public static Action rollbackOf(Action a) {
    Map<String, String> params = new HashMap<>(a.params());
    params.put(VERB, ROLLBACK);
    return new Action(a.id(), a.site(), a.time(), a.kind(), a.target(), params, a.runbook(), a.trigger(),
        a.verifyResource());
  }

  public static Action hello(String site, java.time.Instant time) {
    return new Action(null, "central", time, io.sextant.common.model.ActionKind.REROUTE, "site:" + site,
        Map.of(VERB, HELLO), "sextant-hello", "centre-start", null);
  }

  public static boolean isHello(Action a) {
    return HELLO.equals(a.params().get(VERB));
  }

  public static boolean isRollback(Action a) {
    return ROLLBACK.equals(a.params().get(VERB));
  }

  /** The action as the runbook made it (without the marker). */
  public static Action original(Action a) {
    if (!a.params().containsKey(VERB)) {
      return a;
    }
    Map<String, String> params = new HashMap<>(a.params());
    params.remove(VERB);
    return new Action(a.id(), a.site(), a.time(), a.kind(), a.target(), params, a.runbook(), a.trigger(),
        a.verifyResource());
  }
}
