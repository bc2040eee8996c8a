package io.sextant.alarm.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sextant.alarm.Restored;
import io.sextant.alarm.ingest.IntakeResult;
import io.sextant.alarm.service.AlarmService;
import io.sextant.alarm.service.AlarmServiceConfig;
import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Alarm;
import io.sextant.common.store.StoreException;
import io.sextant.common.time.MutableClock;
import io.sextant.store.PostgresStore;
import io.sextant.store.StoreConfig;
import io.sextant.store.Stores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code batched} intake's promise, on a real PostgreSQL (fsync on) that is killed: POSTs are
 * answered before their changes are committed, so a crash loses some answered alerts, but only
 * those queued within one {@code maxDelay} of the oldest one lost (every answer saw that one
 * younger than the bound); none of them was passed on (bus, notifications, hub) unstored; and
 * Prometheus' next re-send of its firing alerts to the restarted service brings every one back.
 */
class BatchedIntakeCrashIT {
  static final Duration MAX_DELAY = Duration.ofMillis(500);
  static final String CONFIG = """
      api: {port: -1}
      receivers:
        - {name: noc, type: none}
      route:
        receiver: noc
      tickEvery: 0
      intake: {durability: batched, maxDelay: 500ms}
      """;

  /** One POST: the alerts' instances, when it was sent and answered (System.nanoTime), and whether it was answered 200. */
  record Post(List<String> instances, long sent, long answered, boolean ok) {}

  @Test
  void aCrashLosesOnlyTheAlertsAnsweredWithinOneMaxDelayAndTheResendBringsThemBack(@TempDir Path dir)
      throws Exception {
    Path data = dir.resolve("pgdata");
    MutableClock clock = new MutableClock(GroupCommitIT.T0);
    List<Post> posts = new ArrayList<>();
    Set<String> passedOn = Collections.synchronizedSet(new HashSet<>());
    PostgresStore store = Stores.open(StoreConfig.embedded(data)); // fsync and synchronous commit on
    MessageBus bus = new MessageBus(new InProcessBus());
    bus.subscribe(Topic.ALARMS, "test", a -> passedOn.add(instance(a)));
    AlarmService service = AlarmService.builder(AlarmServiceConfig.parse(CONFIG)).clock(clock).bus(bus).store(store)
        .commitTimeout(Duration.ofSeconds(2)).start();
    GroupCommit commit = service.groupCommit().orElseThrow();
    try {
      for (int p = 0; p < 4; p++) {
        posts.add(post(service, "before" + p, 10));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> commit.backlog() == 0);
      killWithItsBackends(data);
      // Keep posting as Prometheus would until the intake pushes back: answered while the oldest
      // change waiting is younger than maxDelay, then held, then 503 after the commit timeout.
      // Bounded by time, not by a count of POSTs: on a fast machine 1,000 of them took less than
      // one maxDelay, and the loop ended before the bound was reached.
      long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      for (int p = 0; System.nanoTime() < giveUp && posts.get(posts.size() - 1).ok(); p++) {
        posts.add(post(service, "after" + p, 5));
      }
    } finally {
      service.close(); // the writer cannot store what waits: the process' end, as far as the store knows
      ((InProcessBus) bus.raw()).awaitIdle(Duration.ofSeconds(10));
      try {
        store.close();
      } catch (RuntimeException gone) {
        // its server is dead
      }
    }
    assertThat(posts.get(posts.size() - 1).ok()).as("the intake pushed back once the bound was reached").isFalse();

    PostgresStore reopened = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
        .until(() -> Stores.open(StoreConfig.embedded(data)), s -> true);
    try (reopened) {
      Set<String> stored = instances(reopened.alarms());
      List<Post> answered = posts.stream().filter(Post::ok).toList();
      List<Post> lost = answered.stream().filter(p -> !stored.containsAll(p.instances())).toList();
      assertThat(stored).as("everything answered before the kill and committed is there")
          .containsAll(answered.stream().filter(p -> p.instances().get(0).startsWith("before"))
              .flatMap(p -> p.instances().stream()).toList());
      assertThat(lost).as("the first POST after the kill was answered before its commit, which never came")
          .isNotEmpty();
      long spread = lost.stream().mapToLong(Post::sent).max().orElseThrow()
          - lost.stream().mapToLong(Post::answered).min().orElseThrow();
      assertThat(Duration.ofNanos(spread)).as("every lost alert was queued within one maxDelay of the oldest lost")
          .isLessThanOrEqualTo(MAX_DELAY);
      Set<String> lostInstances = new HashSet<>();
      lost.forEach(p -> lostInstances.addAll(p.instances()));
      assertThat(passedOn).as("nothing was passed on unstored").doesNotContainAnyElementsOf(lostInstances);
      System.out.printf("batched intake crash: %d alerts answered after the kill, %d lost (%d POSTs, queued within "
          + "%d ms), 1 POST pushed back%n", answered.stream().filter(p -> p.instances().get(0).startsWith("after"))
          .mapToInt(p -> p.instances().size()).sum(), lostInstances.size(), lost.size(), spread / 1_000_000);

      // The restarted service takes back what is stored; Prometheus re-sends every firing alert.
      MessageBus bus2 = new MessageBus(new InProcessBus());
      Set<String> passedOnAfter = Collections.synchronizedSet(new HashSet<>());
      bus2.subscribe(Topic.ALARMS, "test", a -> passedOnAfter.add(instance(a)));
      List<Alarm> open = reopened.alarms().stream().filter(a -> !a.cleared()).toList();
      try (AlarmService restarted = AlarmService.builder(AlarmServiceConfig.parse(CONFIG)).clock(clock).bus(bus2)
          .store(reopened).restore(() -> new Restored(open, Map.of(), List.of(), Map.of())).start()) {
        for (Post p : answered) {
          assertThat(restarted.intake().post(body(p.instances())).ok()).isTrue();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> restarted.groupCommit().orElseThrow().backlog() == 0);
        assertThat(instances(reopened.alarms())).as("after the re-send nothing answered is missing")
            .containsAll(answered.stream().flatMap(p -> p.instances().stream()).toList());
        ((InProcessBus) bus2.raw()).awaitIdle(Duration.ofSeconds(10));
        assertThat(passedOnAfter).as("the lost alarms are passed on now, once stored").containsAll(lostInstances);
      } finally {
        bus2.close();
      }
    } finally {
      bus.close();
    }
  }

  /** SIGKILLs the postmaster and its backends: none of them commits anything after this. */
  static void killWithItsBackends(Path data) throws Exception {
    long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
    List<ProcessHandle> all = new ArrayList<>(postmaster.children().toList());
    all.add(0, postmaster);
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : all) {
      p.onExit().get(30, TimeUnit.SECONDS);
    }
  }

  static Post post(AlarmService service, String prefix, int n) {
    List<String> instances = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      instances.add(prefix + "-" + i);
    }
    long sent = System.nanoTime();
    boolean ok;
    try {
      IntakeResult r = service.intake().post(body(instances));
      assertThat(r.ok()).isTrue();
      ok = true;
    } catch (StoreException e) {
      assertThat(e.retryable()).isTrue();
      ok = false;
    }
    return new Post(instances, sent, System.nanoTime(), ok);
  }

  static byte[] body(List<String> instances) {
    StringBuilder b = new StringBuilder("[");
    for (String i : instances) {
      b.append(b.length() > 1 ? "," : "").append("""
          {"labels":{"alertname":"DiskFull","instance":"%s","site":"edge-1","severity":"minor"},
           "startsAt":"2026-03-03T11:59:50Z"}""".formatted(i));
    }
    return b.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }

  static String instance(Alarm a) {
    return a.resource();
  }

  static Set<String> instances(List<Alarm> alarms) {
    Set<String> out = new HashSet<>();
    alarms.forEach(a -> out.add(instance(a)));
    return out;
  }
}
