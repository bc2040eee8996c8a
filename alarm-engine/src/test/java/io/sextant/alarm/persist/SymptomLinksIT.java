package io.sextant.alarm.persist;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.alarm.AlarmEngine;
import io.sextant.alarm.raise.AlarmCatalog;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.Labels;
import io.sextant.common.time.MutableClock;
import io.sextant.store.PostgresStore;
import io.sextant.store.RestartReads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A storm's root cause in the engine, its group commit and a real PostgreSQL: the root is stored
 * at its own changes only, not at each of its symptoms (which made a storm's writes and the
 * root's history grow with the square of its size), every change is still passed on, and what
 * the store gives back (at a restart, or to a reader) lists the same symptoms as the engine.
 */
class SymptomLinksIT {
  static final Instant T0 = Instant.parse("2026-03-03T12:00:00Z");
  static final String LINK = "link:pop-1~pop-2";
  static final int PATHS = 40;

  final MutableClock clock = new MutableClock(T0);

  @Test
  void aRootIsStoredAtItsOwnChangesAndItsSymptomsAsTheirLinks() {
    List<Alarm> passedOn = Collections.synchronizedList(new ArrayList<>());
    List<String> paths = IntStream.range(0, PATHS).mapToObj(i -> "path:edge-" + i + ">edge-x").toList();
    try (PostgresStore store = GroupCommitIT.sharedStore("symptomlinks");
        GroupCommit commit = new GroupCommit(store, (a, json) -> passedOn.add(a), Duration.ofSeconds(30))) {
      AlarmEngine engine = new AlarmEngine(clock, commit, AlarmCatalog.defaults());
      detect(engine, 0, paths.get(0), Detection.State.FIRING);
      detect(engine, 1, paths.get(1), Detection.State.FIRING);
      clock.set(T0.plusSeconds(10));
      engine.onDiagnosis(new Diagnosis(null, "central", clock.instant(), FaultKind.LINK_LOSS, LINK, 0.93, paths,
          Map.of("loss_ratio", 0.12), "link-locator"));
      for (int i = 2; i < PATHS; i++) {
        detect(engine, 20 + i, paths.get(i), Detection.State.FIRING); // each joins the open root
      }
      for (int i = 0; i < 10; i++) {
        detect(engine, 100 + i, paths.get(i), Detection.State.RESOLVED);
      }
      detect(engine, 120, paths.get(0), Detection.State.FIRING); // a new episode joins; the cleared leave
      commit.awaitCommitted();

      Alarm root = engine.open().stream().filter(Alarm::rootCause).findFirst().orElseThrow();
      assertThat(root.correlatedAlarmIds()).hasSize(PATHS - 10 + 1);
      assertThat(passedOn).as("every change of the root is passed on").filteredOn(a -> a.id().equals(root.id()))
          .hasSize(1 + PATHS - 2 + 1).last().isEqualTo(root);
      assertThat(commit.relinks()).as("the root's changes that only relinked it").isEqualTo(PATHS - 2 + 1);
      assertThat(store.alarmHistory(root.id())).as("stored once: at its raise").hasSize(1);
      Alarm restored = new RestartReads(store.dataSource()).openAlarms().stream()
          .filter(a -> a.id().equals(root.id())).findFirst().orElseThrow();
      assertThat(restored.correlatedAlarmIds()).as("what a restarted engine takes back")
          .isEqualTo(root.correlatedAlarmIds());
      assertThat(GroupCommit.onlyRelinked(restored, root)).as("all else as the engine has it, but its time").isTrue();
      assertThat(store.alarms()).filteredOn(a -> a.id().equals(root.id())).singleElement()
          .extracting(Alarm::correlatedAlarmIds).isEqualTo(root.correlatedAlarmIds());

      // Its own changes are stored, with the list at that time.
      clock.set(T0.plusSeconds(200));
      engine.acknowledge(root.id(), "noc-anna");
      clock.set(T0.plusSeconds(300));
      Alarm cleared = engine.clear(root.id(), "noc-anna");
      commit.awaitCommitted();
      assertThat(store.alarmHistory(root.id())).hasSize(3).last().isEqualTo(cleared);
      assertThat(cleared.correlatedAlarmIds()).isEqualTo(root.correlatedAlarmIds());
      assertThat(commit.relinks()).isEqualTo(PATHS - 2 + 1);
    }
  }

  private void detect(AlarmEngine engine, int seconds, String path, Detection.State state) {
    clock.set(T0.plusSeconds(seconds));
    engine.onDetection(new Detection(null, "edge-1", clock.instant(), "ewma", "probe_loss_ratio",
        Labels.of("resource", path, "probe", "p1"), path, state, 0.12, 0.001, 8.5));
  }
}
