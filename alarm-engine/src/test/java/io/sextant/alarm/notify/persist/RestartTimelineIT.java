package io.sextant.alarm.notify.persist;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.alarm.AlarmEngine;
import io.sextant.alarm.Restored;
import io.sextant.alarm.escalate.EscalationPolicy;
import io.sextant.alarm.flap.FlapDetector;
import io.sextant.alarm.notify.Delivery;
import io.sextant.alarm.notify.Notification;
import io.sextant.alarm.notify.NotificationPipeline;
import io.sextant.alarm.notify.Notifier;
import io.sextant.alarm.notify.Outcome;
import io.sextant.alarm.notify.Route;
import io.sextant.alarm.notify.Router;
import io.sextant.alarm.raise.AlarmCatalog;
import io.sextant.alarm.silence.Suppressions;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Labels;
import io.sextant.common.time.MutableClock;
import io.sextant.store.PostgresStore;
import io.sextant.store.RestartReads;
import io.sextant.store.StoreConfig;
import io.sextant.store.Stores;
import io.sextant.testkit.postgres.SharedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An engine and its notification pipeline on a real PostgreSQL, dropped without a word (nothing
 * flushed or closed) and built again on the same database: the second one takes back the open
 * alarms, the series firing into them and the notification log through the store's
 * {@link RestartReads}, as {@code sextant central} does at start.
 */
class RestartTimelineIT {
  static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
  static final Duration REPEAT = Duration.ofHours(1);

  final MutableClock clock = new MutableClock(T0);
  PostgresStore db;

  /** One process of the centre's alarm engine: the store written first, then the pipeline. */
  final class Centre {
    final List<Notification> sent = new ArrayList<>();
    final NotificationPipeline pipeline;
    final AlarmEngine engine;

    Centre() {
      Notifier noc = n -> {
        sent.add(n);
        return Outcome.delivered("ok");
      };
      Router router = new Router(List.of(), Route.to("default", "noc", List.of(), List.of("site"))
          .timings(Duration.ofSeconds(10), Duration.ofSeconds(60), REPEAT));
      pipeline = new NotificationPipeline(clock, router, Map.of("noc", noc), new Suppressions(List.of()),
          new FlapDetector(4, 1, Duration.ofMinutes(10)), EscalationPolicy.NONE,
          new JdbcNotificationLog(db.dataSource()));
      engine = new AlarmEngine(clock, alarm -> {
        db.writeAlarm(alarm);
        pipeline.changed(alarm);
      }, AlarmCatalog.defaults());
    }

    /** What {@code CentreRestart} does: read back, restore, regroup. */
    Centre restored() {
      RestartReads reads = new RestartReads(db.dataSource());
      List<Alarm> open = reads.openAlarms();
      Map<String, Instant> clears = new HashMap<>();
      reads.lastClears(T0).forEach(c -> clears.put(c.resource() + "|" + c.probableCause(), c.clearedAt()));
      engine.restore(new Restored(open, clears, reads.detectionsSince(T0), Map.of()));
      engine.open().forEach(pipeline::changed);
      return this;
    }

    void detect(long seconds, Detection.State state, String resource, String detector) {
      clock.set(T0.plusSeconds(seconds));
      Detection d = new Detection(null, "edge-1", clock.instant(), detector, "probe_loss_ratio",
          Labels.of("resource", resource), resource, state, 0.12, 0.001, 8.5);
      db.writeDetection(d); // ingest stores what the engine takes
      engine.onDetection(d);
    }

    List<Delivery> tickAt(long seconds) {
      clock.set(T0.plusSeconds(seconds));
      return pipeline.tick();
    }
  }

  @BeforeEach
  void open() {
    db = Stores.open(StoreConfig.external(SharedPostgres.fresh("restarttimelineit").jdbcUrl(), SharedPostgres.USER,
        null));
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void aRestartedEngineKeepsItsOpenAlarmsAndRepeatsNothingBeforeTheRepeatInterval() {
    Centre first = new Centre();
    first.detect(0, Detection.State.FIRING, "path:a", "ewma");
    first.detect(1, Detection.State.FIRING, "path:a", "threshold");
    first.tickAt(10);
    assertThat(first.sent).hasSize(1);
    Alarm raised = first.engine.open().get(0);
    first.engine.acknowledge(raised.id(), "noc-anna");

    Centre second = new Centre().restored();
    assertThat(second.engine.open()).singleElement().satisfies(a -> {
      assertThat(a.id()).isEqualTo(raised.id());
      assertThat(a.ackState()).isEqualTo(Alarm.AckState.ACKNOWLEDGED);
    });
    for (long s = 20; s < 600; s += 10) {
      assertThat(second.tickAt(s)).as("tick at %d s", s).isEmpty();
    }
    // One of its two series resolves: still open. The second one too: cleared, and told.
    second.detect(600, Detection.State.RESOLVED, "path:a", "ewma");
    assertThat(second.engine.open()).hasSize(1);
    second.detect(601, Detection.State.RESOLVED, "path:a", "threshold");
    assertThat(second.engine.open()).isEmpty();
    assertThat(second.tickAt(670)).singleElement().satisfies(d -> assertThat(d.notification().status())
        .isEqualTo("resolved"));
    assertThat(db.alarms()).singleElement().satisfies(a -> assertThat(a.cleared()).isTrue());
  }

  @Test
  void anUnchangedGroupIsRepeatedAfterItsRepeatIntervalAcrossARestart() {
    Centre first = new Centre();
    first.detect(0, Detection.State.FIRING, "path:a", "ewma");
    first.tickAt(10);

    Centre second = new Centre().restored();
    second.tickAt(20);
    assertThat(second.sent).isEmpty();
    second.tickAt(10 + REPEAT.toSeconds());
    assertThat(second.sent).singleElement().satisfies(n -> assertThat(n.status()).isEqualTo("firing"));
  }

  @Test
  void anAlarmNewSinceTheLastNotificationIsToldAtTheFirstFlush() {
    Centre first = new Centre();
    first.detect(0, Detection.State.FIRING, "path:a", "ewma");
    first.tickAt(10);
    first.detect(15, Detection.State.FIRING, "path:b", "ewma"); // raised and stored; killed before the flush

    Centre second = new Centre().restored();
    assertThat(second.tickAt(30)).singleElement().satisfies(d -> assertThat(d.notification().alarms())
        .extracting(Alarm::resource).containsExactlyInAnyOrder("path:a", "path:b"));
  }

  @Test
  void anAlarmRestoredWithoutItsInputsClearsOnTheFirstResolveOfItsKey() {
    Centre first = new Centre();
    Detection fired = new Detection(null, "edge-1", T0, "ewma", "probe_loss_ratio", Labels.of("resource", "path:c"),
        "path:c", Detection.State.FIRING, 0.12, 0.001, 8.5);
    first.engine.onDetection(fired); // the engine took it; ingest had not stored it yet

    Centre second = new Centre().restored();
    assertThat(second.engine.open()).hasSize(1);
    second.detect(5, Detection.State.RESOLVED, "path:c", "ewma");
    assertThat(second.engine.open()).isEmpty();
  }
}
