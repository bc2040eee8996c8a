package io.sextant.deploy.demo;

import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import io.sextant.common.store.Store;
import io.sextant.sim.Fault;
import io.sextant.sim.GroundTruth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Scores a run from what the central store recorded (detections, diagnoses, audit log, alarms)
 * against the ground truth. Per fault: detected = a detector fired on a resource the fault
 * affected while it was active; located = a diagnosis or an action named exactly the faulty
 * resource; repaired = an action on that resource was verified; restored = that repair was undone
 * and verified once the fault ended (a reroute's routing restored after the link healed, a
 * scale-out's replicas given back after the load went); a migration is kept ({@link #MIGRATION_KEPT});
 * a dependency fault is not repaired ({@link #DEPENDENCY_NOT_REPAIRED}).
 * A false alarm is an alarm
 * that no fault explains (raised outside every fault's affected resources and window); an alarm
 * left open is one still open at the end of the run, when every fault has ended.
 */
public final class Scorer {
  /** An alarm raised this long after a fault ended still belongs to it (a late symptom). */
  public static final Duration GRACE = Duration.ofMinutes(2);

  /** Why a migration is not undone once the failed node is back. */
  public static final String MIGRATION_KEPT = "the services stay on the healthy node they moved to: moving them "
      + "back would interrupt them a second time for nothing, and the repaired node becomes the spare";

  /** Why a dependency fault is located but not repaired. */
  public static final String DEPENDENCY_NOT_REPAIRED = "no built-in runbook repairs a slow or failing service: the "
      + "centre names it as the root cause of its callers' alarms and groups them under its alarm; the fix (roll back "
      + "its last change, restart it) is its owner's";

  private Scorer() {}

  private static String noRepairBecause(FaultKind kind) {
    return kind == FaultKind.SERVICE_SLOW || kind == FaultKind.SERVICE_ERRORS ? DEPENDENCY_NOT_REPAIRED : null;
  }

  public static DemoReport score(long seed, int edgeSites, GroundTruth truth, Store store) {
    List<Detection> detections = store.detections();
    List<Diagnosis> diagnoses = store.diagnoses();
    List<ActionEvent> audit = store.auditLog();
    List<DemoReport.FaultScore> scores = new ArrayList<>();
    for (Fault f : truth.faults()) {
      Set<String> affected = truth.affected(f);
      Optional<Instant> detected = detections.stream()
          .filter(d -> d.state() == Detection.State.FIRING && affected.contains(d.resource()) && within(f, d.time()))
          .map(Detection::time).min(Instant::compareTo);
      Optional<Instant> located = diagnoses.stream()
          .filter(d -> d.target().equals(f.target()) && within(f, d.time())).map(Diagnosis::time)
          .min(Instant::compareTo);
      Optional<Instant> acted = audit.stream()
          .filter(e -> e.state() == ActionState.PROPOSED && e.action().target().equals(f.target()) && within(f, e.time()))
          .map(ActionEvent::time).min(Instant::compareTo);
      if (located.isEmpty() || acted.isPresent() && acted.get().isBefore(located.get())) {
        located = acted;
      }
      Optional<Instant> applied = audit.stream()
          .filter(e -> e.state() == ActionState.APPLIED && e.action().target().equals(f.target()) && within(f, e.time()))
          .map(ActionEvent::time).min(Instant::compareTo);
      Optional<ActionEvent> verified = audit.stream()
          .filter(e -> e.state() == ActionState.VERIFIED && e.action().target().equals(f.target())
              && within(f, e.time()))
          .min((a, b) -> a.time().compareTo(b.time()));
      // A restore comes after the fault ended (and the wait-to-restore), so it is not bound to the fault's window.
      Optional<Instant> restored = audit.stream()
          .filter(e -> e.state() == ActionState.VERIFIED && e.action().kind() == ActionKind.RESTORE
              && e.action().target().equals(f.target()) && !e.time().isBefore(f.start()))
          .map(ActionEvent::time).min(Instant::compareTo);
      // A scale-out is given back by a scale-in that names it, after the load went.
      Optional<Instant> scaledBack = verified.filter(v -> v.action().kind() == ActionKind.SCALE_OUT)
          .flatMap(v -> audit.stream().filter(e -> e.state() == ActionState.VERIFIED
              && e.action().kind() == ActionKind.SCALE_IN && v.action().id().equals(e.action().params().get("reverts")))
              .map(ActionEvent::time).min(Instant::compareTo));
      ActionKind repair = verified.map(e -> e.action().kind()).orElse(null);
      Boolean undone = repair == ActionKind.REROUTE ? Boolean.valueOf(restored.isPresent())
          : repair == ActionKind.SCALE_OUT ? Boolean.valueOf(scaledBack.isPresent()) : null;
      scores.add(new DemoReport.FaultScore(f.id(), f.kind().name(), f.target(), detected.isPresent(),
          located.isPresent(), verified.isPresent(), seconds(f, detected), seconds(f, located), seconds(f, applied),
          seconds(f, verified.map(ActionEvent::time)),
          verified.map(e -> e.action().kind() + " " + e.action().params()).orElse(null),
          undone, seconds(f, repair == ActionKind.SCALE_OUT ? scaledBack : restored),
          repair == ActionKind.MIGRATE ? MIGRATION_KEPT : null, noRepairBecause(f.kind())));
    }
    List<String> leftOpen = new ArrayList<>();
    for (Alarm a : store.alarms()) {
      if (a.state() != Alarm.State.CLEARED) {
        leftOpen.add(a.resource() + " " + a.probableCause() + " raised at " + a.raisedTime());
      }
    }
    List<String> falseAlarms = new ArrayList<>();
    for (Alarm a : store.alarms()) {
      if (truth.explain(a.resource(), a.raisedTime(), GRACE).isEmpty()) {
        falseAlarms.add(a.resource() + " " + a.probableCause() + " at " + a.raisedTime());
      }
    }
    return new DemoReport(seed, edgeSites, scores, falseAlarms.size(), falseAlarms, leftOpen.size(), leftOpen);
  }

  private static boolean within(Fault f, Instant t) {
    return !t.isBefore(f.start()) && t.isBefore(f.end().plus(GRACE));
  }

  private static Double seconds(Fault f, Optional<Instant> t) {
    return t.map(x -> Duration.between(f.start(), x).toMillis() / 1000.0).orElse(null);
  }
}
