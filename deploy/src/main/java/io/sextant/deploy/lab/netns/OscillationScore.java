package io.sextant.deploy.lab.netns;

import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Detection;
import io.sextant.deploy.lab.netns.NetnsScorer.Played;
import io.sextant.deploy.lab.netns.NetnsScorer.Seen;
import java.util.List;
import java.util.Optional;

/**
 * The times of a BGP route oscillation ({@link BgpOscillation}), from what the lab saw on the bus:
 * detect is the first flap alarm of its prefix or its session; locate the first one naming the
 * flapping session (the BGP source's per-session penalty of the prefix); protect when FRR showed
 * the prefix's best path on the steady session while the flapping one announced it (the lab's own
 * read of FRR, {@link BgpOscillation#pinnedToSteady}); verify the edge's REROUTE of that session
 * verified. The restore (the edge undoing its route map once the penalty stayed below reuse for
 * the wait-to-restore) is in the note, from the end of the flapping.
 */
final class OscillationScore {
  private OscillationScore() {}

  static boolean belongs(Detection d, NetnsFault f) {
    return d.resource().equals(f.target()) || d.resource().equals("bgp-prefix:" + f.site() + "/" + f.site() + "/"
        + BgpOscillation.prefix(f.siteIndex()));
  }

  static NetnsReport.FaultTimes times(Played p, List<Seen> seen) {
    NetnsFault f = p.fault();
    Optional<Seen> detected = NetnsScorer.first(seen, p, s -> s.message() instanceof Detection d
        && d.state() == Detection.State.FIRING && belongs(d, f));
    Optional<Seen> located = NetnsScorer.first(seen, p, s -> s.message() instanceof Detection d
        && d.state() == Detection.State.FIRING && d.resource().equals(f.target()));
    Optional<Seen> applied = action(seen, p, ActionState.APPLIED);
    Optional<Seen> verified = action(seen, p, ActionState.VERIFIED);
    Optional<Seen> restored = action(seen, p, ActionState.REVERTED);
    String note = restored.map(r -> "restored (the edge took its route map off once the penalty had stayed below reuse for the wait-to-restore) "
        + NetnsScorer.seconds(p.end(), r.at()) + " s after the flapping stopped")
        .orElse("not restored within " + NetnsScorer.GRACE.toSeconds() + " s of the flapping's end");
    // Cleared: the session's flap alarm resolved, at the reuse threshold after the flapping stopped.
    Optional<Seen> cleared = seen.stream().filter(s -> !s.at().isBefore(p.end()) && s.message() instanceof Detection d
        && d.state() == Detection.State.RESOLVED && d.resource().equals(f.target())).findFirst();
    boolean isProtected = p.protectedAt() != null;
    return new NetnsReport.FaultTimes(f.id(), f.kind().name(), f.target(), detected.isPresent(), located.isPresent(),
        isProtected, verified.isPresent(), NetnsScorer.since(p, detected), NetnsScorer.since(p, located),
        isProtected ? NetnsScorer.seconds(p.start(), p.protectedAt()) : null, NetnsScorer.since(p, verified),
        cleared.map(c -> NetnsScorer.seconds(p.end(), c.at())).orElse(null),
        restored.map(r -> NetnsScorer.seconds(p.end(), r.at())).orElse(null),
        applied.map(s -> ((ActionEvent) s.message()).action().id()).orElse(null), note);
  }

  private static Optional<Seen> action(List<Seen> seen, Played p, ActionState state) {
    return NetnsScorer.first(seen, p, s -> s.message() instanceof ActionEvent e
        && e.action().kind() == ActionKind.REROUTE && e.state() == state
        && e.action().target().equals(p.fault().target()));
  }
}
