package io.sextant.node.central.restart;

import io.sextant.alarm.Restored;
import io.sextant.central.diagnose.Diagnoser;
import io.sextant.central.state.LiveState;
import io.sextant.central.loop.ClosedLoop;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.Sample;
import io.sextant.common.store.Store;
import io.sextant.runbook.execute.Proposal;
import io.sextant.store.RestartReads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code sextant central} takes back from its store when it starts, so a killed centre
 * carries on: the alarm engine's open alarms (with the series firing into them, the keys' last
 * clears and the roots' evidence) and the closed loop's actions (pending approvals, actions under
 * verification, verified temporary ones, the guard's rate and budget windows) and the evidence
 * the diagnoser and the verifier read (series firing, probe loss, recent diagnoses). Silences and the
 * notification log are read by their own stores. Everything read here was written as it happened
 * (alarms before they are published or notified, action events before they are published), so a
 * SIGKILL loses at most what was not yet acknowledged to anyone.
 */
public final class CentreRestart {
  private static final Logger log = LoggerFactory.getLogger(CentreRestart.class);
  /** How far back the keys' last clears are read (older redeliveries are refused by the edges' outbox age anyway). */
  public static final Duration CLEARS_HORIZON = Duration.ofDays(7);
  /** Actions with an event this recent are replayed: longer than the approval timeout, rate windows and reverts. */
  public static final Duration ACTIONS_HORIZON = Duration.ofDays(1);
  /** Probe-loss history replayed into the live state: many times the baseline's memory (1/alpha windows). */
  public static final Duration LOSS_HISTORY = Duration.ofMinutes(30);

  private final RestartReads reads;
  private final Clock clock;

  public CentreRestart(DataSource pool, Clock clock) {
    this.reads = new RestartReads(pool);
    this.clock = clock;
  }

  /** The alarm engine's part ({@link io.sextant.alarm.AlarmEngine#restore}). */
  public Restored alarms() {
    Instant now = clock.instant();
    List<Alarm> open = reads.openAlarms();
    Instant since = open.stream().map(Alarm::raisedTime).min(Instant::compareTo).orElse(now);
    Map<String, Instant> clears = new HashMap<>();
    reads.lastClears(now.minus(CLEARS_HORIZON))
        .forEach(c -> clears.put(c.resource() + "|" + c.probableCause(), c.clearedAt()));
    Map<String, String> rootOfDiagnosis = new LinkedHashMap<>();
    open.stream().filter(Alarm::rootCause).filter(a -> a.labels().containsKey("diagnosis"))
        .forEach(a -> rootOfDiagnosis.put(a.labels().get("diagnosis"), a.id()));
    Map<String, List<String>> evidence = new HashMap<>();
    if (!rootOfDiagnosis.isEmpty()) {
      for (Diagnosis d : reads.diagnoses(rootOfDiagnosis.keySet())) {
        evidence.put(rootOfDiagnosis.get(d.id()), d.evidence());
      }
    }
    Restored restored = new Restored(open, clears, open.isEmpty() ? List.of() : reads.detectionsSince(since),
        evidence);
    log.info("restart: {} open alarms restored ({} acknowledged), {} detections replayed since {}", open.size(),
        open.stream().filter(a -> a.ackState() == Alarm.AckState.ACKNOWLEDGED).count(),
        restored.detections().size(), since);
    return restored;
  }

  /**
   * The evidence the diagnoser and the verifier read ({@link LiveState#replay}): the detections of
   * the last {@link #ACTIONS_HORIZON} (and since the oldest open alarm), so series still firing are
   * known to be firing (an action under verification is not judged recovered on silence), and the
   * last {@link #LOSS_HISTORY} of probe loss (each path's recent windows and normal loss); and the
   * targets diagnosed within the re-diagnosis delay, which are not diagnosed again before it.
   */
  public void evidence(LiveState state, Diagnoser diagnoser, Duration rediagnoseAfter, Store store) {
    Instant now = clock.instant();
    Instant since = reads.openAlarms().stream().map(Alarm::raisedTime).min(Instant::compareTo)
        .filter(t -> t.isBefore(now.minus(ACTIONS_HORIZON))).orElse(now.minus(ACTIONS_HORIZON));
    List<Detection> detections = reads.detectionsSince(since);
    List<Sample> loss = new ArrayList<>(store.samples(LiveState.PROBE_LOSS, now.minus(LOSS_HISTORY), now.plusSeconds(1)));
    // Each window's probe count, so the replayed windows are weighed as they were live.
    loss.addAll(store.samples(LiveState.PROBE_SENT, now.minus(LOSS_HISTORY), now.plusSeconds(1)));
    loss.sort(Comparator.comparing(Sample::time));
    state.replay(detections, loss);
    List<Diagnosis> diagnosed = reads.diagnosesSince(now.minus(rediagnoseAfter));
    diagnoser.restore(diagnosed);
    log.info("restart: live state from {} detections and {} probe-loss and probe-count samples; {} resources firing; {} targets "
        + "diagnosed in the last {}", detections.size(), loss.size(), state.firingResources().size(),
        diagnosed.size(), rediagnoseAfter);
  }

    /** The closed loop's part ({@link ClosedLoop#restore}); returns what was resumed. */
  public List<Proposal.Resumed> actions(ClosedLoop loop) {
    List<Proposal.Resumed> resumed = loop.restore(reads.actionsActiveSince(clock.instant().minus(ACTIONS_HORIZON)));
    for (Proposal.Resumed r : resumed) {
      log.info("restart: action {} {} on {} ({}) resumed: {}", r.action().id(), r.action().kind(),
          r.action().target(), r.action().runbook(), r.stage());
    }
    return resumed;
  }
}
