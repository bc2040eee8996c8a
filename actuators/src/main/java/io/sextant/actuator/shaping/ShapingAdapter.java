package io.sextant.actuator.shaping;

import io.sextant.actuator.Adapter;
import io.sextant.actuator.CallLog;
import io.sextant.actuator.Counters;
import io.sextant.common.action.ActionResult;
import io.sextant.common.link.LinkInterface;
import io.sextant.common.link.Tc;
import io.sextant.common.model.Action;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sets a link's egress rate ({@code tc:rate}): the action's parameter {@code mbps} (a BANDWIDTH
 * action's new rate) becomes the root tbf rate of the link's interface, and the step is done only
 * when {@code tc -j qdisc show} reads that rate back. Undo puts back the rate the interface had
 * before the apply (remembered per action), or the action's {@code from} when this process did not
 * apply it (a restart); an interface that was unshaped before is unshaped again.
 *
 * <p>Which link: the action's parameter {@code link}, else its target without the {@code link:}
 * prefix. A rate outside {@code min-mbps..max-mbps} is refused before tc is called; tc missing, an
 * interface that does not exist or tc refusing fail the step with tc's own words, retryable.
 */
public final class ShapingAdapter implements Adapter {
  public static final Set<String> OPERATIONS = Set.of("rate");
  private static final long MBIT = 1_000_000;

  private final ShapingSettings s;
  private final Tc tc;
  private final CallLog log;
  private final Counters counters;
  /** The rate each applied action replaced (empty: unshaped), for its undo. */
  private final Map<String, OptionalLong> previous = new ConcurrentHashMap<>();

  public ShapingAdapter(ShapingSettings settings, CallLog log, Counters counters) {
    this.s = settings;
    this.tc = new Tc(settings.tc(), settings.ip());
    this.log = log;
    this.counters = counters;
  }

  public boolean allows(String operation) {
    return OPERATIONS.contains(operation);
  }

  @Override
  public synchronized ActionResult apply(Action action, String name) {
    if (!allows(name)) {
      return ActionResult.failed("tc has no operation '" + name + "' (rate)", false);
    }
    Optional<Map.Entry<String, LinkInterface>> link = link(action);
    if (link.isEmpty()) {
      return unknownLink(action);
    }
    long mbps;
    try {
      mbps = mbps(action, "mbps");
    } catch (IllegalArgumentException e) {
      counters.count("tc_bad_rate");
      return ActionResult.failed("tc: " + e.getMessage(), false);
    }
    LinkInterface i = link.get().getValue();
    String call = "tc rate " + link.get().getKey() + " (" + i + ") " + mbps + " Mbit/s";
    try {
      OptionalLong before = tc.rateBps(i);
      previous.putIfAbsent(action.id(), before);
      tc.setRate(i, mbps * MBIT);
      return readBack(action, call, i, OptionalLong.of(mbps * MBIT), "was " + text(before));
    } catch (IllegalStateException | IllegalArgumentException e) {
      return failed(action, call, e);
    }
  }

  @Override
  public synchronized ActionResult undo(Action action, String name) {
    Optional<Map.Entry<String, LinkInterface>> link = link(action);
    if (link.isEmpty()) {
      return unknownLink(action);
    }
    LinkInterface i = link.get().getValue();
    OptionalLong back = previous.get(action.id());
    if (back == null) {
      if (!action.params().containsKey("from")) {
        counters.count("tc_bad_rate");
        return ActionResult.failed("tc: no rate to go back to for " + action.id() + " (not applied here, and no "
            + "parameter 'from')", false);
      }
      try {
        back = OptionalLong.of(mbps(action, "from") * MBIT);
      } catch (IllegalArgumentException e) {
        counters.count("tc_bad_rate");
        return ActionResult.failed("tc: " + e.getMessage(), false);
      }
    }
    String call = "tc undo rate " + link.get().getKey() + " (" + i + ") back to " + text(back);
    try {
      if (back.isPresent()) {
        tc.setRate(i, back.getAsLong());
      } else {
        tc.clear(i);
      }
      ActionResult r = readBack(action, call, i, back, "undone");
      if (r.ok()) {
        previous.remove(action.id());
      }
      return r;
    } catch (IllegalStateException | IllegalArgumentException e) {
      return failed(action, call, e);
    }
  }

  /** Done only when the kernel holds {@code want}: what tc shows, not the absence of an error. */
  private ActionResult readBack(Action action, String call, LinkInterface i, OptionalLong want, String note) {
    OptionalLong now = tc.rateBps(i);
    if (!now.equals(want)) {
      counters.count("tc_failed");
      log.record(action, call, "tc reads back " + text(now) + ", not " + text(want));
      return ActionResult.failed("tc: " + i + " reads back " + text(now) + " after setting " + text(want), true);
    }
    String detail = i + " egress shaped to " + text(now) + " (" + note + ")";
    log.record(action, call, detail);
    return ActionResult.ok("tc: " + detail);
  }

  private long mbps(Action action, String param) {
    String v = action.params().get(param);
    long mbps;
    try {
      mbps = Long.parseLong(v == null ? "" : v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("parameter '" + param + "' must be whole Mbit/s, got '" + v + "'");
    }
    if (mbps < s.minMbps() || mbps > s.maxMbps()) {
      throw new IllegalArgumentException(param + " " + mbps + " Mbit/s is outside actuators.tc min-mbps.."
          + "max-mbps (" + s.minMbps() + ".." + s.maxMbps() + ")");
    }
    return mbps;
  }

  private ActionResult unknownLink(Action action) {
    counters.count("tc_unknown_link");
    return ActionResult.failed("tc: no link of actuators.tc.links matches the action (link="
        + action.params().get("link") + ", target=" + action.target() + "); links: " + s.links().keySet(), false);
  }

  /** tc missing, no such interface, tc refusing: the step fails with tc's words, worth another try. */
  private ActionResult failed(Action action, String call, RuntimeException e) {
    counters.count("tc_failed");
    log.record(action, call, "failed: " + e.getMessage());
    return ActionResult.failed("tc: " + e.getMessage(), true);
  }

  private Optional<Map.Entry<String, LinkInterface>> link(Action a) {
    String named = a.params().get("link");
    String target = a.target().startsWith("link:") ? a.target().substring(5) : a.target();
    for (String n : new String[] {named, target}) {
      if (n != null && s.links().containsKey(n)) {
        return Optional.of(Map.entry(n, s.links().get(n)));
      }
    }
    return Optional.empty();
  }

  private static String text(OptionalLong bps) {
    if (bps.isEmpty()) {
      return "unshaped";
    }
    long v = bps.getAsLong();
    return v % MBIT == 0 ? v / MBIT + " Mbit/s" : v + " bit/s";
  }
}
