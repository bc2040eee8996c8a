package io.sextant.actuator.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sextant.actuator.Adapter;
import io.sextant.actuator.CallLog;
import io.sextant.actuator.Counters;
import io.sextant.actuator.routing.RoutingSettings.RoutedLink;
import io.sextant.common.action.ActionResult;
import io.sextant.common.frr.BgpPath;
import io.sextant.common.frr.FrrJson;
import io.sextant.common.model.Action;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Moves traffic off a link through FRR ({@code routing:reroute}). Apply puts two route maps on the
 * link's BGP session: inbound, the paths learnt over it get {@code local-preference} (this router
 * stops sending over the link); outbound, this router's AS is prepended {@code prepend} times (the
 * far router stops sending over it too, as far as its policy follows AS path length). It then
 * waits until FRR's table shows the link's check prefix with its best path over another session;
 * until then the step is not done, and if that never comes within {@code verify-timeout} the
 * change is taken off again and the step fails. Undo restores the route maps the session had
 * before (kept in the map's description, so an undo after a restart of the node still finds them)
 * and reads back that ours are gone.
 *
 * <p>Which link: the action's parameter {@code avoid}, else its target without the {@code link:}
 * prefix, else a target {@code bgp-session:<site>/<router>/<neighbor>} (the BGP source's resource)
 * naming a configured neighbor. One change at a time (FRR's configuration is one shared state).
 */
public final class RoutingAdapter implements Adapter {
  public static final Set<String> OPERATIONS = Set.of("reroute");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MAP = "sextant-avoid-";
  private static final long POLL_MS = 200;

  private final RoutingSettings s;
  private final Clock clock;
  private final CallLog log;
  private final Counters counters;

  public RoutingAdapter(RoutingSettings settings, Clock clock, CallLog log, Counters counters) {
    this.s = settings;
    this.clock = clock;
    this.log = log;
    this.counters = counters;
  }

  public boolean allows(String operation) {
    return OPERATIONS.contains(operation);
  }

  @Override
  public synchronized ActionResult apply(Action action, String name) {
    if (!allows(name)) {
      return ActionResult.failed("routing has no operation '" + name + "' (reroute)", false);
    }
    Optional<Map.Entry<String, RoutedLink>> found = link(action);
    if (found.isEmpty()) {
      counters.count("routing_unknown_link");
      return ActionResult.failed("routing: no link of actuators.routing.links matches the action (avoid="
          + action.params().get("avoid") + ", target=" + action.target() + "); links: " + s.links().keySet(), false);
    }
    String linkName = found.get().getKey();
    RoutedLink link = found.get().getValue();
    String call = "routing reroute " + linkName + " (neighbor " + link.neighbor() + ")";
    try {
      JsonNode af = neighbor(link.neighbor());
      String in = af.path("routeMapForIncomingAdvertisements").asText("");
      String out = af.path("routeMapForOutgoingAdvertisements").asText("");
      if (!in.equals(mapIn(link))) {
        configure(applyLines(link, in, out, ownAs()));
      }
      Optional<BgpPath> best = awaitBest(link, p -> !p.peer().equals(link.neighbor()));
      if (best.isEmpty()) {
        String state = bestText(link);
        takeOff(link);
        counters.count("routing_not_moved");
        log.record(action, call, "FRR kept the best path to " + link.prefix() + " on the link (" + state
            + ") for " + s.verifyTimeout() + "; change taken off");
        return ActionResult.failed("routing: " + link.prefix() + " has no best path avoiding " + linkName
            + " within " + s.verifyTimeout() + " (" + state + "); change taken off", false);
      }
      String detail = "traffic to " + link.prefix() + " leaves link " + linkName + ": best path now via "
          + best.get().peer() + " (local-pref " + best.get().localPref() + ", AS path '" + best.get().asPath() + "')";
      return done(action, call, detail);
    } catch (IOException | IllegalArgumentException e) {
      // vtysh applies a batch line by line: a refused line (e.g. the soft clear of a peer without
      // route refresh) can leave the route maps on; a failed step must leave nothing behind.
      try {
        takeOff(link);
      } catch (IOException | IllegalArgumentException again) {
        e.addSuppressed(again);
      }
      return failed(action, call, e);
    }
  }

  @Override
  public synchronized ActionResult undo(Action action, String name) {
    Optional<Map.Entry<String, RoutedLink>> found = link(action);
    if (found.isEmpty()) {
      return ActionResult.failed("routing: no link of actuators.routing.links matches the action", false);
    }
    String linkName = found.get().getKey();
    RoutedLink link = found.get().getValue();
    String call = "routing undo reroute " + linkName + " (neighbor " + link.neighbor() + ")";
    try {
      JsonNode after = takeOff(link);
      if (after.path("routeMapForIncomingAdvertisements").asText("").startsWith(MAP)
          || after.path("routeMapForOutgoingAdvertisements").asText("").startsWith(MAP)) {
        counters.count("routing_failed");
        return ActionResult.failed("routing: FRR still shows Sextant's route map on neighbor " + link.neighbor(), true);
      }
      boolean up = sessionUp(link.neighbor());
      Optional<BgpPath> back = up ? awaitBest(link, p -> p.peer().equals(link.neighbor())) : Optional.empty();
      String detail = "link " + linkName + " no longer avoided (route maps restored: in '"
          + after.path("routeMapForIncomingAdvertisements").asText("") + "', out '"
          + after.path("routeMapForOutgoingAdvertisements").asText("") + "'); best path to " + link.prefix() + ": "
          + (back.isPresent() ? "back via " + link.neighbor() : bestText(link) + (up ? "" : " (session down)"));
      return done(action, call, detail);
    } catch (IOException | IllegalArgumentException e) {
      return failed(action, call, e);
    }
  }

  private ActionResult done(Action action, String call, String detail) {
    log.record(action, call, detail);
    return ActionResult.ok("routing: " + detail);
  }

  /** vtysh failing, bgpd not answering, or an answer that is not FRR's: worth another try. */
  private ActionResult failed(Action action, String call, Exception e) {
    counters.count("routing_failed");
    log.record(action, call, "failed: " + e.getMessage());
    return ActionResult.failed("routing: " + e.getMessage(), true);
  }

  private Optional<Map.Entry<String, RoutedLink>> link(Action a) {
    List<String> names = new ArrayList<>();
    if (a.params().get("avoid") != null) {
      names.add(a.params().get("avoid"));
    }
    names.add(a.target().startsWith("link:") ? a.target().substring(5) : a.target());
    for (String n : names) {
      if (s.links().containsKey(n)) {
        return Optional.of(Map.entry(n, s.links().get(n)));
      }
    }
    if (a.target().startsWith("bgp-session:")) {
      String neighbor = a.target().substring(a.target().lastIndexOf('/') + 1);
      return s.links().entrySet().stream().filter(e -> e.getValue().neighbor().equals(neighbor)).findFirst();
    }
    return Optional.empty();
  }

  private static String id(RoutedLink l) {
    return l.neighbor().replace('.', '_').replace(':', '_');
  }

  private static String mapIn(RoutedLink l) {
    return MAP + "in-" + id(l);
  }

  private static String mapOut(RoutedLink l) {
    return MAP + "out-" + id(l);
  }

  private List<String> applyLines(RoutedLink l, String in, String out, long as) {
    List<String> c = new ArrayList<>(List.of(
        "route-map " + mapIn(l) + " permit 10",
        // what to restore at undo, in FRR itself so it outlives this process
        "description sextant previous-in=" + orDash(in) + " previous-out=" + orDash(out),
        "set local-preference " + s.localPreference(), "exit"));
    if (s.prepend() > 0) {
      c.addAll(List.of("route-map " + mapOut(l) + " permit 10",
          "set as-path prepend " + (" " + as).repeat(s.prepend()).strip(), "exit"));
    }
    c.addAll(List.of("router bgp", "address-family ipv4 unicast", "neighbor " + l.neighbor() + " route-map " + mapIn(l)
        + " in"));
    if (s.prepend() > 0) {
      c.add("neighbor " + l.neighbor() + " route-map " + mapOut(l) + " out");
    }
    c.addAll(List.of("exit-address-family", "exit", "do clear bgp ipv4 unicast " + l.neighbor() + " soft"));
    return c;
  }

  /**
   * Takes Sextant's route maps off the session and deletes them, putting back the maps the
   * session had before (from our map's description); only what FRR shows is touched, so it is
   * safe to repeat. Returns the session's settings as FRR shows them afterwards.
   */
  private JsonNode takeOff(RoutedLink l) throws IOException {
    String previousIn = "";
    String previousOut = "";
    boolean hasIn = false;
    boolean hasOut = false;
    boolean inOurs = false;
    for (String line : s.vtysh().run("show running-config").lines().toList()) {
      if (line.startsWith("route-map ")) {
        inOurs = line.startsWith("route-map " + mapIn(l) + " ");
        hasIn |= inOurs;
        hasOut |= line.startsWith("route-map " + mapOut(l) + " ");
      } else if (inOurs && line.strip().startsWith("description sextant previous-in=")) {
        String[] f = line.strip().split("\\s+");
        previousIn = orEmpty(f[2].substring("previous-in=".length()));
        previousOut = orEmpty(f[3].substring("previous-out=".length()));
      }
    }
    JsonNode af = neighbor(l.neighbor());
    String n = "neighbor " + l.neighbor() + " route-map ";
    List<String> c = new ArrayList<>(List.of("router bgp", "address-family ipv4 unicast"));
    if (af.path("routeMapForIncomingAdvertisements").asText("").equals(mapIn(l))) {
      c.add(previousIn.isEmpty() ? "no " + n + mapIn(l) + " in" : n + previousIn + " in");
    }
    if (af.path("routeMapForOutgoingAdvertisements").asText("").equals(mapOut(l))) {
      c.add(previousOut.isEmpty() ? "no " + n + mapOut(l) + " out" : n + previousOut + " out");
    }
    c.addAll(List.of("exit-address-family", "exit"));
    if (hasIn) {
      c.add("no route-map " + mapIn(l));
    }
    if (hasOut) {
      c.add("no route-map " + mapOut(l));
    }
    c.add("do clear bgp ipv4 unicast " + l.neighbor() + " soft");
    configure(c);
    return neighbor(l.neighbor());
  }

  private static String orDash(String s) {
    return s.isEmpty() ? "-" : s;
  }

  private static String orEmpty(String s) {
    return s.equals("-") ? "" : s;
  }

  private void configure(List<String> lines) throws IOException {
    s.vtysh().configure(lines);
  }

  /** The session's IPv4 unicast settings from {@code show bgp neighbors N json}. */
  private JsonNode neighbor(String n) throws IOException {
    JsonNode root = JSON.readTree(s.vtysh().run("show bgp neighbors " + n + " json"));
    JsonNode peer = root.path(n);
    if (peer.isMissingNode()) {
      throw new IllegalArgumentException("FRR has no BGP neighbor " + n + " (actuators.routing.links)");
    }
    return peer.path("addressFamilyInfo").path("ipv4Unicast");
  }

  private boolean sessionUp(String n) throws IOException {
    return FrrJson.summary(s.vtysh().run("show bgp summary json")).stream()
        .anyMatch(p -> p.address().equals(n) && p.established());
  }

  private long ownAs() throws IOException {
    JsonNode as = JSON.readTree(s.vtysh().run("show bgp summary json")).path("ipv4Unicast").path("as");
    if (!as.canConvertToLong()) {
      throw new IllegalArgumentException("show bgp summary json: no local AS (is bgpd configured?)");
    }
    return as.asLong();
  }

  private Optional<BgpPath> best(RoutedLink l) throws IOException {
    return FrrJson.paths(s.vtysh().run("show bgp ipv4 unicast " + l.prefix() + " json"), l.prefix()).stream()
        .filter(BgpPath::best).findFirst();
  }

  private String bestText(RoutedLink l) throws IOException {
    return best(l).map(p -> "best via " + p.peer()).orElse("no path");
  }

  /** Polls FRR until the best path to the link's prefix satisfies {@code ok}, or the verify timeout. */
  private Optional<BgpPath> awaitBest(RoutedLink l, java.util.function.Predicate<BgpPath> ok) throws IOException {
    long end = clock.millis() + s.verifyTimeout().toMillis();
    while (true) {
      Optional<BgpPath> b = best(l);
      if (b.isPresent() && ok.test(b.get())) {
        return b;
      }
      if (clock.millis() >= end) {
        return Optional.empty();
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for FRR", e);
      }
    }
  }
}
