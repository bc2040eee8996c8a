package io.sextant.alarm.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.sextant.alarm.service.AlarmService;
import io.sextant.alarm.service.AlarmServiceConfig;
import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.EventType;
import io.sextant.common.model.Severity;
import io.sextant.common.store.StoreException;
import io.sextant.common.time.MutableClock;
import io.sextant.store.PostgresStore;
import io.sextant.store.StoreConfig;
import io.sextant.store.Stores;
import io.sextant.testkit.postgres.SharedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alarm service with a real PostgreSQL behind its group commit, fed over its HTTP intake:
 * callers that arrive while a commit is in flight share the next one; nothing is answered or
 * passed on before it is stored; a store that does not answer gets the sender a 503 and catches
 * up when it answers again; and an alert answered 200 is in the database even when the database
 * is killed right after.
 */
class GroupCommitIT {
  static final Instant T0 = Instant.parse("2026-03-03T12:00:00Z");
  static final String CONFIG = """
      api: {host: 127.0.0.1, port: 0}
      receivers:
        - {name: noc, type: none}
      route:
        receiver: noc
      tickEvery: 0
      intake: {durability: commit}   # answered 200 => stored; the batched intake: BatchedIntakeCrashIT
      """;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void callersArrivingDuringACommitShareTheNextOne() throws Exception {
    MessageBus bus = new MessageBus(new InProcessBus());
    List<Alarm> published = Collections.synchronizedList(new ArrayList<>());
    bus.subscribe(Topic.ALARMS, "test", published::add);
    try (ControlledStore store = new ControlledStore(sharedStore("groupcommit"));
        AlarmService service = AlarmService.builder(AlarmServiceConfig.parse(CONFIG)).clock(new MutableClock(T0))
            .bus(bus).store(store).commitTimeout(Duration.ofMinutes(2)).start()) {
      GroupCommit commit = service.groupCommit().orElseThrow();
      store.hold();
      CompletableFuture<HttpResponse<String>> first = postAsync(service.apiUri(), alerts("first", 1));
      assertThat(store.awaitHeld(30)).as("the first commit reached the store").isTrue();
      List<CompletableFuture<HttpResponse<String>>> next = IntStream.range(0, 4)
          .mapToObj(s -> postAsync(service.apiUri(), alerts("sender" + s, 10))).toList();
      await().atMost(Duration.ofSeconds(30)).until(() -> commit.backlog() == 41);
      ((InProcessBus) bus.raw()).awaitIdle(Duration.ofSeconds(10));

      assertThat(first).isNotDone();
      assertThat(next).noneMatch(CompletableFuture::isDone);
      assertThat(published).as("nothing is passed on before it is stored").isEmpty();

      store.release();
      assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      for (CompletableFuture<HttpResponse<String>> f : next) {
        assertThat(f.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      }
      assertThat(store.batches).as("the 40 changes that waited went in one transaction").containsExactly(1, 40);
      assertThat(commit.commits()).isEqualTo(2);
      assertThat(store.alarms()).hasSize(41).containsExactlyInAnyOrderElementsOf(service.engine().open());
      ((InProcessBus) bus.raw()).awaitIdle(Duration.ofSeconds(10));
      assertThat(published).hasSize(41);
    } finally {
      bus.close();
    }
  }

  @Test
  void changesQueuedWhileNobodyWaitsForACommitFillOneTransaction() throws Exception {
    try (ControlledStore store = new ControlledStore(sharedStore("groupcommitgather"));
        GroupCommit commit = new GroupCommit(store, (a, json) -> { }, Duration.ofSeconds(30), Duration.ofSeconds(2))) {
      commit.changed(change(0));
      Thread.sleep(200); // without gathering, the first change would be written alone by now
      for (int i = 1; i < 30; i++) {
        commit.changed(change(i));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> commit.written() == 30);

      assertThat(store.batches).containsExactly(30);
    }
  }

  @Test
  void aCallerWaitingForItsCommitIsNotKeptWaitingByTheGathering() throws Exception {
    try (ControlledStore store = new ControlledStore(sharedStore("groupcommitwaiter"));
        GroupCommit commit = new GroupCommit(store, (a, json) -> { }, Duration.ofSeconds(30), Duration.ofMinutes(5))) {
      commit.changed(change(0));
      long start = System.nanoTime();
      commit.awaitCommitted();

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
      assertThat(store.batches).containsExactly(1);
    }
  }

  static Alarm change(int i) {
    Instant at = T0.plusSeconds(i);
    return new Alarm("alm-gather-" + i, "edge-1", at, "node-" + i, "NodeDown", "NodeDown",
        EventType.EQUIPMENT_ALARM, Severity.CRITICAL, Alarm.State.RAISED, Alarm.AckState.UNACKNOWLEDGED, false,
        null, List.of(), at, null, 1, "test", Map.of());
  }

  @Test
  void aStoreThatDoesNotAnswerGetsTheSenderA503AndCatchesUpWhenItAnswers() throws Exception {
    MessageBus bus = new MessageBus(new InProcessBus());
    List<Alarm> published = Collections.synchronizedList(new ArrayList<>());
    bus.subscribe(Topic.ALARMS, "test", published::add);
    try (ControlledStore store = new ControlledStore(sharedStore("groupcommitcut"));
        AlarmService service = AlarmService.builder(AlarmServiceConfig.parse(CONFIG)).clock(new MutableClock(T0))
            .bus(bus).store(store).commitTimeout(Duration.ofSeconds(1)).start()) {
      store.cut(true);
      HttpResponse<String> refused = post(service.apiUri(), alerts("cut", 3));

      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.body()).contains("not yet stored, retry", "connection refused");
      assertThat(service.intake().counters().rejected("store_unavailable")).isEqualTo(1);
      assertThat(service.engine().open()).as("taken, waiting for the store").hasSize(3);
      String alarmId = service.engine().open().get(0).id();
      StoreException ack = catchThrowableOfType(StoreException.class,
          () -> service.engine().acknowledge(alarmId, "noc-anna"));
      assertThat(ack.retryable()).isTrue();
      assertThat(store.alarms()).isEmpty();
      ((InProcessBus) bus.raw()).awaitIdle(Duration.ofSeconds(10));
      assertThat(published).as("not passed on unstored").isEmpty();

      store.cut(false);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(store.alarms()).hasSize(3));
      HttpResponse<String> resent = post(service.apiUri(), alerts("cut", 3));

      assertThat(resent.statusCode()).as("the resend is a redelivery, and what it waits for is stored").isEqualTo(200);
      assertThat(store.alarms()).containsExactlyInAnyOrderElementsOf(service.engine().open());
      assertThat(store.alarmHistory(alarmId)).extracting(Alarm::ackState)
          .containsExactly(Alarm.AckState.UNACKNOWLEDGED, Alarm.AckState.ACKNOWLEDGED);
      ((InProcessBus) bus.raw()).awaitIdle(Duration.ofSeconds(10));
      assertThat(published).as("each change passed on once, in order").hasSize(4);
      assertThat(service.groupCommit().orElseThrow().failures()).isPositive();
    } finally {
      bus.close();
    }
  }

  @Test
  void batchesAfterACommitAreAppendedAndACommitWhoseAnswerIsLostIsRetriedThroughTheRules() throws Exception {
    MessageBus bus = new MessageBus(new InProcessBus());
    try (ControlledStore store = new ControlledStore(sharedStore("groupcommitlost"));
        AlarmService service = AlarmService.builder(AlarmServiceConfig.parse(CONFIG)).clock(new MutableClock(T0))
            .bus(bus).store(store).commitTimeout(Duration.ofSeconds(10)).start()) {
      GroupCommit commit = service.groupCommit().orElseThrow();
      assertThat(post(service.apiUri(), alerts("lost", 2)).statusCode()).isEqualTo(200);
      assertThat(post(service.apiUri(), alerts("next", 1)).statusCode()).isEqualTo(200);
      assertThat(store.kinds).as("the first batch through the rules, the next appended").containsExactly("write",
          "append");

      String first = service.engine().open().get(0).id();
      store.loseNextAnswer();
      service.engine().acknowledge(first, "noc-anna");
      String second = service.engine().open().get(1).id();
      service.engine().acknowledge(second, "noc-anna");

      assertThat(store.kinds).as("the lost answer's batch again, through the rules; then appends again")
          .containsExactly("write", "append", "append", "write", "append");
      assertThat(store.alarmHistory(first)).as("stored once, though written twice").extracting(Alarm::ackState)
          .containsExactly(Alarm.AckState.UNACKNOWLEDGED, Alarm.AckState.ACKNOWLEDGED);
      assertThat(store.alarmHistory(second)).extracting(Alarm::ackState)
          .containsExactly(Alarm.AckState.UNACKNOWLEDGED, Alarm.AckState.ACKNOWLEDGED);
      assertThat(store.alarms()).containsExactlyInAnyOrderElementsOf(service.engine().open());
      assertThat(commit.appends()).isEqualTo(2);
      assertThat(commit.failures()).isEqualTo(1);
    } finally {
      bus.close();
    }
  }

  @Test
  void anAlertAnswered200IsInTheDatabaseAfterTheDatabaseIsKilled(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("pgdata");
    List<Alarm> open;
    PostgresStore store = Stores.open(StoreConfig.embedded(data)); // fsync and synchronous commit on
    try (AlarmService service = AlarmService.builder(AlarmServiceConfig.parse(CONFIG)).clock(new MutableClock(T0))
        .store(store).commitTimeout(Duration.ofSeconds(2)).start()) {
      List<CompletableFuture<HttpResponse<String>>> posts = IntStream.range(0, 4)
          .mapToObj(s -> postAsync(service.apiUri(), alerts("crash" + s, 25))).toList();
      for (CompletableFuture<HttpResponse<String>> f : posts) {
        assertThat(f.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      }
      open = service.engine().open();
      // No shutdown, no checkpoint: the server dies as in a power cut of its process.
      long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
      ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
      postmaster.destroyForcibly();
      postmaster.onExit().get(30, TimeUnit.SECONDS);
    }
    try {
      store.close();
    } catch (RuntimeException gone) {
      // its server is dead
    }
    assertThat(open).hasSize(100);
    // The killed server's backends notice and exit on their own; until then the directory is busy.
    PostgresStore reopened = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
        .until(() -> Stores.open(StoreConfig.embedded(data)), s -> true);
    try (reopened) {
      assertThat(reopened.alarms()).containsExactlyInAnyOrderElementsOf(open);
    }
  }

  static PostgresStore sharedStore(String name) {
    return Stores.open(StoreConfig.external(SharedPostgres.fresh(name).jdbcUrl(), SharedPostgres.USER, null));
  }

  /** {@code n} firing alerts, each its own alarm. */
  static String alerts(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> """
        {"labels":{"alertname":"DiskFull","instance":"%s-%d","site":"edge-1","severity":"minor"},
         "startsAt":"2026-03-03T11:59:50Z"}""".formatted(prefix, i)).collect(Collectors.joining(",", "[", "]"));
  }

  static HttpResponse<String> post(URI api, String body) throws Exception {
    return HTTP.send(request(api, body), HttpResponse.BodyHandlers.ofString());
  }

  static CompletableFuture<HttpResponse<String>> postAsync(URI api, String body) {
    return HTTP.sendAsync(request(api, body), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(URI api, String body) {
    return HttpRequest.newBuilder(api.resolve("/api/v2/alerts")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }
}
