package io.sextant.deploy.lab.netns;

import io.sextant.common.gpu.Dcgm;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores what the lab saw on the bus (each message with the wall-clock instant it arrived) against
 * the faults it injected. Plain Java, no I/O.
 *
 * <p>A probe path's detection belongs to a fault when the path starts or ends at the fault's site
 * (all of a site's paths cross its pop-1 link), a BGP session's when it is the site's session to
 * pop-1 (resource {@code bgp-session:<site>/<site>/<pop-1's address>}), a diagnosis when it names
 * the fault's link; each while the fault is on or up to {@link #GRACE} after it ended. A GPU node
 * failure's are the GPU rules' detections on its node, the workload's on the node, and the
 * {@code GPU_NODE_FAILURE} diagnosis naming the node. A BGP route oscillation's are the detections
 * of its prefix and of its flapping session ({@link OscillationScore}). Any other probe-path, BGP
 * or GPU-rule detection, and any other diagnosis, is a false alarm.
 */
final class NetnsScorer {
  /** After a fault ends its last windows still reach the centre, and a located link is rerouted. */
  static final Duration GRACE = Duration.ofSeconds(30);

  /** A message and when it arrived at the lab. */
  record Seen(Instant at, Message message) {}

  /** A fault as it was played: its wall-clock start and end, and the first probe seen on the new path. */
  record Played(NetnsFault fault, Instant start, Instant end, Instant protectedAt) {}

  private NetnsScorer() {}

  /**
   * @param from what happened before (by the message's own time) is start-up, not scored: a site
   *     probing a peer whose edge is not up yet loses every probe
   */
  static NetnsReport score(int edgeSites, int probesPerWindow, List<Played> played, List<Seen> all,
      Map<String, String> pop1Addresses, Instant from) {
    return score(edgeSites, probesPerWindow, played, all, pop1Addresses, from, List.of());
  }

  /** @param leftRerouted what the network still had rerouted at the end ({@link RestoreWatch#leftRerouted}) */
  static NetnsReport score(int edgeSites, int probesPerWindow, List<Played> played, List<Seen> all,
      Map<String, String> pop1Addresses, Instant from, List<String> leftRerouted) {
    List<Seen> seen = all.stream().filter(s -> !time(s.message()).isBefore(from)).toList();
    List<NetnsReport.FaultTimes> faults = new ArrayList<>();
    for (Played p : played) {
      faults.add(p.fault().kind() == NetnsFault.Kind.BGP_OSCILLATION ? OscillationScore.times(p, seen)
          : times(p, seen, pop1Addresses));
    }
    List<String> falseAlarms = new ArrayList<>();
    List<String> other = new ArrayList<>();
    for (Seen s : seen) {
      if (s.message() instanceof Detection d && d.state() == Detection.State.FIRING) {
        boolean network = d.resource().startsWith("path:") || d.resource().startsWith("bgp-session:")
            || d.resource().startsWith("bgp-prefix:") || gpuRule(d);
        if (!network) {
          other.add(d.metric() + " on " + d.resource());
        } else if (played.stream().noneMatch(p -> during(p, s.at()) && belongs(d, p.fault(), pop1Addresses))) {
          falseAlarms.add(d.metric() + " on " + d.resource());
        }
      } else if (s.message() instanceof Diagnosis g
          && played.stream().noneMatch(p -> during(p, s.at()) && names(g, p.fault()))) {
        falseAlarms.add(g.kind() + " on " + g.target());
      }
    }
    return new NetnsReport("wall", edgeSites, probesPerWindow, faults, falseAlarms.size(), falseAlarms, other,
        leftRerouted);
  }

  private static NetnsReport.FaultTimes times(Played p, List<Seen> seen, Map<String, String> pop1Addresses) {
    NetnsFault f = p.fault();
    Optional<Seen> detected = first(seen, p, s -> s.message() instanceof Detection d
        && d.state() == Detection.State.FIRING && belongs(d, f, pop1Addresses));
    Optional<Seen> diagnosed = first(seen, p, s -> s.message() instanceof Diagnosis g && names(g, f));
    // A link down is located by the BGP source itself: the session over exactly that link went down.
    Optional<Seen> sessionDown = first(seen, p, s -> s.message() instanceof Detection d
        && d.state() == Detection.State.FIRING && d.resource().equals(session(f, pop1Addresses)));
    Optional<Seen> located = diagnosed.isPresent() || f.kind() != NetnsFault.Kind.LINK_DOWN ? diagnosed : sessionDown;
    ActionKind repair = f.kind() == NetnsFault.Kind.GPU_NODE_FAILURE ? ActionKind.MIGRATE : ActionKind.REROUTE;
    Optional<Seen> verified = first(seen, p, s -> s.message() instanceof ActionEvent e
        && e.action().kind() == repair && e.state() == ActionState.VERIFIED
        && e.action().target().equals(f.target()));
    Optional<Seen> applied = first(seen, p, s -> s.message() instanceof ActionEvent e
        && e.action().kind() == repair && e.action().target().equals(f.target()));
    boolean protectedAfter = p.protectedAt() != null;
    String note = f.kind() == NetnsFault.Kind.LINK_DOWN
        ? "BGP moves the traffic itself when the session drops; nothing for Sextant to apply or verify" : null;
    return new NetnsReport.FaultTimes(f.id(), f.kind().name(), f.target(), detected.isPresent(),
        located.isPresent(), protectedAfter, verified.isPresent(), since(p, detected), since(p, located),
        protectedAfter ? seconds(p.start(), p.protectedAt()) : null, since(p, verified),
        RestoreWatch.clearedAt(seen, f.link(), p.start()).map(at -> seconds(p.end(), at)).orElse(null),
        RestoreWatch.restoredAt(seen, f.link(), p.end()).map(at -> seconds(p.end(), at)).orElse(null),
        applied.map(s -> ((ActionEvent) s.message()).action().id()).orElse(null), note);
  }

  /** Whether the centre rerouted traffic off the fault's link while it was on (its REROUTE applied). */
  static boolean rerouted(List<Seen> seen, NetnsFault f) {
    return seen.stream().anyMatch(s -> s.message() instanceof ActionEvent e && e.action().kind() == ActionKind.REROUTE
        && e.state() == ActionState.APPLIED && e.action().target().equals("link:" + f.link()));
  }

  private static Instant time(Message m) {
    if (m instanceof Detection d) {
      return d.time();
    }
    if (m instanceof Diagnosis g) {
      return g.time();
    }
    return m instanceof ActionEvent e ? e.time() : Instant.MAX;
  }

  static boolean during(Played p, Instant t) {
    return !t.isBefore(p.start()) && !t.isAfter(p.end().plus(GRACE));
  }

  static Optional<Seen> first(List<Seen> seen, Played p, java.util.function.Predicate<Seen> match) {
    return seen.stream().filter(s -> during(p, s.at())).filter(match).findFirst();
  }

  /** A detection of the edge's GPU rules (DCGM series, a GPU gone from its exporter). */
  static boolean gpuRule(Detection d) {
    return d.metric().startsWith(Dcgm.PREFIX) || d.metric().equals(Dcgm.GPU_PRESENT);
  }

  /** Whether a probe-path, BGP or GPU-rule detection is one this fault explains. */
  static boolean belongs(Detection d, NetnsFault f, Map<String, String> pop1Addresses) {
    String r = d.resource();
    if (f.kind() == NetnsFault.Kind.GPU_NODE_FAILURE) {
      return r.equals(f.target()) && gpuRule(d);
    }
    if (f.kind() == NetnsFault.Kind.BGP_OSCILLATION) {
      return OscillationScore.belongs(d, f);
    }
    if (r.startsWith("path:")) {
      String[] ends = r.substring("path:".length()).split(">");
      return ends.length == 2 && (ends[0].equals(f.site()) || ends[1].equals(f.site()));
    }
    return f.kind() == NetnsFault.Kind.LINK_DOWN && r.equals(session(f, pop1Addresses));
  }

  private static String session(NetnsFault f, Map<String, String> pop1Addresses) {
    return "bgp-session:" + f.site() + "/" + f.site() + "/" + pop1Addresses.get(f.site());
  }

  private static boolean names(Diagnosis g, NetnsFault f) {
    FaultKind kind = f.kind() == NetnsFault.Kind.GPU_NODE_FAILURE ? FaultKind.GPU_NODE_FAILURE : FaultKind.LINK_LOSS;
    return g.kind() == kind && g.target().equals(f.target());
  }

  static Double since(Played p, Optional<Seen> s) {
    return s.map(x -> seconds(p.start(), x.at())).orElse(null);
  }

  static double seconds(Instant from, Instant to) {
    return Math.round(Duration.between(from, to).toMillis() / 100.0) / 10.0;
  }
}
