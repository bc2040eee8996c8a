package io.sextant.deploy.lab.netns;

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
 * the fault's link; each while the fault is on or up to {@link #GRACE} after it ended. A BGP route
 * oscillation's are the detections of its prefix and of its flapping session ({@link
 * OscillationScore}). Any other probe-path or BGP detection, and any other diagnosis, is a false
 * alarm.
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
            || d.resource().startsWith("bgp-prefix:");
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
    return new NetnsReport("wall", edgeSites, probesPerWindow, faults, falseAlarms.size(), falseAlarms, other);
  }

  private static NetnsReport.FaultTimes times(Played p, List<Seen> seen, Map<String, String> pop1Addresses) {
    NetnsFault f = p.fault();
    Optional<Seen> detected = first(seen, p, s -> s.message() instanceof Detection d
        && d.state() == Detection.State.FIRING && belongs(d, f, pop1Addresses));
    Optional<Seen> diagnosed = first(seen, p, s -> s.message() instanceof Diagnosis g && names(g, f));
    // A link down is located by the BGP source itself: the session over exactly that link went down.
    Optional<Seen> sessionDown = first(seen, p, s -> s.message() instanceof Detection d
        && d.state() == Detection.State.FIRING && d.resource().equals(session(f, pop1Addresses)));
    Optional<Seen> located = diagnosed.isPresent() || f.kind() == NetnsFault.Kind.LOSS ? diagnosed : sessionDown;
    Optional<Seen> verified = first(seen, p, s -> s.message() instanceof ActionEvent e
        && e.action().kind() == ActionKind.REROUTE && e.state() == ActionState.VERIFIED
        && e.action().target().equals("link:" + f.link()));
    Optional<Seen> applied = first(seen, p, s -> s.message() instanceof ActionEvent e
        && e.action().kind() == ActionKind.REROUTE && e.action().target().equals("link:" + f.link()));
    boolean protectedAfter = p.protectedAt() != null;
    String note = f.kind() == NetnsFault.Kind.LINK_DOWN
        ? "BGP moves the traffic itself when the session drops; nothing for Sextant to apply or verify" : null;
    return new NetnsReport.FaultTimes(f.id(), f.kind().name(), "link:" + f.link(), detected.isPresent(),
        located.isPresent(), protectedAfter, verified.isPresent(), since(p, detected), since(p, located),
        protectedAfter ? seconds(p.start(), p.protectedAt()) : null, since(p, verified),
        applied.map(s -> ((ActionEvent) s.message()).action().id()).orElse(null), note);
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

  /** Whether a probe-path or BGP detection is one this fault explains. */
  static boolean belongs(Detection d, NetnsFault f, Map<String, String> pop1Addresses) {
    String r = d.resource();
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
    return g.kind() == FaultKind.LINK_LOSS && g.target().equals("link:" + f.link());
  }

  static Double since(Played p, Optional<Seen> s) {
    return s.map(x -> seconds(p.start(), x.at())).orElse(null);
  }

  static double seconds(Instant from, Instant to) {
    return Math.round(Duration.between(from, to).toMillis() / 100.0) / 10.0;
  }
}
