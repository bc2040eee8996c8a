package io.sextant.common.action;

import io.sextant.common.model.Action;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.Ids;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A protection probe: the centre asks site {@code src} to keep probing {@code peer} across
 * {@code link} while a reroute keeps traffic off that link, so the link's health stays measured.
 * It travels as the parameters of a {@link ActionKind#PROBE} action inside a command to
 * {@code src}; the command's rollback stops it. The samples it produces are
 * {@value #METRIC}, resource {@code link:<link>}, labels {@code src}, {@code dst}: tagged with the
 * link, not a path, because the path's own probes now take another route.
 *
 * @param route the links the probes must cross, in order (the path's route before the reroute)
 * @param probes probes per window: low, the link carries no traffic, only its health is watched
 * @param protects the id of the reroute action that moved the traffic off {@code link}
 */
public record ProbeRequest(String link, String src, String peer, List<String> route, int probes, String protects) {
  /** The metric of a protection probe's loss ratio. */
  public static final String METRIC = "link_probe_loss_ratio";
  /** The runbook name on a probe action: the centre's link protection, not a runbook file. */
  public static final String ISSUER = "link-protection";

  public ProbeRequest {
    requireText(link, "link");
    requireText(src, "src");
    requireText(peer, "peer");
    requireText(protects, "protects");
    route = List.copyOf(route);
    if (route.isEmpty() || !route.contains(link)) {
      throw new IllegalArgumentException("probe route " + route + " must cross link " + link);
    }
    if (src.equals(peer)) {
      throw new IllegalArgumentException("probe src and peer are both " + src);
    }
    if (probes < 2) {
      throw new IllegalArgumentException("probes must be >= 2 per window, got " + probes);
    }
  }

  /** Reads a {@link ActionKind#PROBE} action's parameters; a missing or bad one names itself. */
  public static ProbeRequest of(Action a) {
    if (a.kind() != ActionKind.PROBE) {
      throw new IllegalArgumentException("action " + a.id() + " is " + a.kind() + ", not PROBE");
    }
    int probes;
    try {
      probes = Integer.parseInt(a.param("probes").trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("PROBE parameter 'probes' must be an integer, got '"
          + a.params().get("probes") + "'");
    }
    return new ProbeRequest(a.param("link"), a.param("src"), a.param("peer"),
        Arrays.stream(a.param("route").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(), probes,
        a.param("protects"));
  }

  /** The action that carries this request, issued by {@code site} (the centre) at {@code time}. */
  public Action toAction(String site, Instant time) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("link", link);
    p.put("src", src);
    p.put("peer", peer);
    p.put("route", String.join(",", route));
    p.put("probes", Integer.toString(probes));
    p.put("protects", protects);
    // Both ends of a link probe for the same reroute at the same time: the id names the pair.
    return new Action(Ids.of("prb", protects, src, peer), site, time, ActionKind.PROBE, "link:" + link, p, ISSUER, protects, "link:" + link);
  }

  private static void requireText(String v, String name) {
    Objects.requireNonNull(v, name);
    if (v.isBlank()) {
      throw new IllegalArgumentException("PROBE parameter '" + name + "' must not be blank");
    }
  }
}
