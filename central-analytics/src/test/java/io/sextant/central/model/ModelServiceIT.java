package io.sextant.central.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sextant.central.model.release.ReleasePlan;
import io.sextant.central.model.release.Rollout;
import io.sextant.central.model.release.SigningKey;
import io.sextant.central.model.train.AnomalyScorer;
import io.sextant.central.model.train.History;
import io.sextant.central.model.train.KpiVector;
import io.sextant.central.model.train.TrainingProgress;
import io.sextant.common.bundle.BundleVerifier;
import io.sextant.common.bundle.ModelPayload;
import io.sextant.common.bundle.ModelReports;
import io.sextant.common.bundle.Releases;
import io.sextant.common.bundle.SignedBundle;
import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.EventType;
import io.sextant.common.model.ModelRelease;
import io.sextant.common.model.Sample;
import io.sextant.common.model.Severity;
import io.sextant.store.PostgresStore;
import io.sextant.store.StoreConfig;
import io.sextant.store.Stores;
import io.sextant.store.registry.Channel;
import io.sextant.store.registry.Release;
import io.sextant.common.time.MutableClock;
import io.sextant.sim.CloudSpec;
import io.sextant.testkit.postgres.SharedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The centre's model loop on a real PostgreSQL and the in-process bus: stored simulated history
 * and ground truth → train → register → promote → signed canary release → halted by an edge's
 * report; and an alarm marked false changes the next model's decision on that behaviour.
 */
class ModelServiceIT {
  static final String BUSY = "service:edge-1/web";
  static PostgresStore store;
  static SimHistory history;
  static Instant burstFrom;
  static Instant burstTo;

  @BeforeAll
  static void storeHistory() {
    store = Stores.open(StoreConfig.external(SharedPostgres.fresh("modelserviceit").jdbcUrl(), SharedPostgres.USER, null));
    history = SimHistory.generate(CloudSpec.defaults().withStep(Duration.ofSeconds(10)));
    // A benign batch job on one service, in the quiet tail after the last fault: busy but healthy.
    // Nothing in the ground truth covers it and it lies in the held-out part of the history, so
    // the first model never trained on it and calls it anomalous.
    burstFrom = history.to().minus(Duration.ofMinutes(8));
    burstTo = burstFrom.plus(Duration.ofMinutes(5));
    List<Sample> samples = new ArrayList<>();
    for (Sample s : history.samples()) {
      boolean inBurst = s.resource().equals(BUSY) && !s.time().isBefore(burstFrom) && s.time().isBefore(burstTo);
      if (inBurst && s.metric().equals("service_cpu_utilization")) {
        s = new Sample(s.site(), s.metric(), s.labels(), s.time(), 0.72);
      } else if (inBurst && s.metric().equals("service_latency_ms")) {
        s = new Sample(s.site(), s.metric(), s.labels(), s.time(), 72);
      }
      samples.add(s);
    }
    for (int i = 0; i < samples.size(); i += 20_000) {
      store.writeSamples(samples.subList(i, Math.min(samples.size(), i + 20_000)));
    }
  }

  @AfterAll
  static void close() {
    store.close();
  }

  private static ModelService service(MessageBus bus, MutableClock clock, SigningKey key) {
    return service(bus, clock, key, ModelSettings.defaults());
  }

  private static ModelService service(MessageBus bus, MutableClock clock, SigningKey key, ModelSettings settings) {
    return new ModelService(store, store.dataSource(), bus, key, List.of("central", "edge-1", "edge-2", "edge-3"),
        clock, settings);
  }

  @Test
  void longHistoryIsReadSliceBySliceAndThinnedEvenly() {
    List<KpiVector> all = History.read(store,
        KpiFamily.SERVICE, history.from(), history.to());
    List<KpiVector> thin = History.read(store,
        KpiFamily.SERVICE, history.from(), history.to(), 2000);
    assertThat(all).hasSize(History.of(history.samples(), KpiFamily.SERVICE).size());
    assertThat(thin.size()).isBetween(1500, 2200);
    assertThat(thin.get(0).time()).isEqualTo(history.from());
    assertThat(thin.get(thin.size() - 1).time()).isAfter(history.to().minus(Duration.ofMinutes(5)));
  }

  @Test
  void theScheduledJobTrainsPromotesAndReleasesUnlessPinned() {
    MutableClock clock = new MutableClock(history.to());
    ModelSettings d = ModelSettings.defaults();
    ModelSettings settings = new ModelSettings(d.anomaly(), d.maxF1Drop(),
        List.of(family("sched-svc")), Duration.between(history.from(), history.to()), Duration.ofHours(24),
        ReleasePlan.all());
    try (InProcessBus raw = new InProcessBus(); MessageBus bus = new MessageBus(raw);
        ModelService models = service(bus, clock, SigningKey.ephemeral(), settings)) {
      models.feedback().record(history.labels());
      List<ModelService.TrainingRun> runs = models.runScheduledOnce();
      assertThat(runs).extracting(r -> r.family().modelId()).containsExactly("sched-svc");
      for (ModelService.TrainingRun run : runs) {
        assertThat(models.registry().channel(run.anomaly().modelId())).map(Channel::version)
            .hasValue(run.anomaly().version());
        assertThat(models.registry().releases(run.anomaly().modelId(), run.anomaly().version())).hasSize(4);
      }

      long pinned = runs.get(0).anomaly().version();
      models.registry().pin("sched-svc", pinned, "op");
      List<ModelService.TrainingRun> next = models.runScheduledOnce();
      long candidate = next.get(0).anomaly().version();
      assertThat(candidate).isGreaterThan(pinned);
      assertThat(models.registry().channel("sched-svc")).map(Channel::version).hasValue(pinned);
      assertThat(models.registry().releases("sched-svc", candidate)).isEmpty();
    }
  }

  /** Each test trains its own model ids on the shared database, so test order does not matter. */
  static KpiFamily family(String id) {
    return new KpiFamily(id, KpiFamily.SERVICE.inputs());
  }

  @Test
  void trainsRegistersAndReleasesACanaryThatAnEdgeReportHalts() throws Exception {
    KpiFamily svc = family("canary-svc");
    MutableClock clock = new MutableClock(history.to());
    SigningKey key = SigningKey.ephemeral();
    try (InProcessBus raw = new InProcessBus(); MessageBus bus = new MessageBus(raw);
        ModelService models = service(bus, clock, key)) {
      models.feedback().record(history.labels());
      List<String> steps = new CopyOnWriteArrayList<>();
      ModelService.TrainingRun run = models.train(svc, history.from(), history.to(),
          (stage, done, total) -> steps.add(done + "/" + total + " " + stage));
      assertThat(steps).first().isEqualTo("0/2 read history");
      assertThat(steps).last().isEqualTo("2/2 done");
      assertThat(run.anomaly().bundle().provenance().metrics()).containsKeys("precision", "recall", "f1");
      // every labelled fault: the GPU node's service, the surging API and the web that calls it
      assertThat(run.anomaly().bundle().provenance().metrics()).containsEntry("faults", 3.0)
          .containsEntry("faults_detected", 3.0);
      assertThat(models.promoteIfGoodEnough(run.anomaly(), "test")).map(Channel::version).hasValue(1L);

      List<ModelRelease> received = new CopyOnWriteArrayList<>();
      bus.subscribe(Topic.MODELS, "test-edges", received::add);
      Rollout r = models.releaseLive(svc.modelId(), ReleasePlan.canary(0.25, Duration.ofMinutes(10)));
      assertThat(r.state()).isEqualTo(Rollout.State.CANARY);
      assertThat(r.canarySites()).hasSize(1);
      await().until(() -> received.size() == 1);
      ModelRelease first = received.get(0);
      assertThat(first.site()).isEqualTo(r.canarySites().get(0));
      SignedBundle signed = Releases.fromRelease(first);
      assertThat(new BundleVerifier(Map.of(key.keyId(), key.publicKey())).verify(signed,
          Set.copyOf(svc.inputs())).accepted()).isTrue();

      clock.advance(Duration.ofMinutes(5));
      assertThat(models.tick()).isEmpty();
      // The canary edge rolls the model back: the rest of the sites never get this version.
      bus.publish(Topic.DETECTIONS, ModelReports.rolledBack(first.site(), clock.instant(), svc.modelId(), 1,
          "anomaly rate 0.4 > 3 x 0.01"));
      raw.awaitIdle(Duration.ofSeconds(10));
      assertThat(r.state()).isEqualTo(Rollout.State.HALTED);
      clock.advance(Duration.ofMinutes(10));
      assertThat(models.tick()).isEmpty();
      assertThat(models.registry().releases(svc.modelId(), 1)).extracting(Release::phase)
          .containsExactly(Release.Phase.CANARY);

      // Version 2 stays healthy on its canary and then reaches every site.
      ModelService.TrainingRun run2 = models.train(svc, history.from(), history.to(), TrainingProgress.NONE);
      models.registry().promote(svc.modelId(), run2.anomaly().version(), "op");
      Rollout r2 = models.releaseLive(svc.modelId(), ReleasePlan.canary(0.25, Duration.ofMinutes(10)));
      clock.advance(Duration.ofMinutes(11));
      assertThat(models.tick()).containsExactly(r2);
      assertThat(r2.state()).isEqualTo(Rollout.State.COMPLETE);
      assertThat(models.registry().releases(svc.modelId(), 2)).hasSize(4);
      await().until(() -> received.size() == 5);

      // Rolling back re-publishes v1's model as v3, so the edges (which refuse older versions) take it.
      Rollout back = models.rollback(svc.modelId(), "op", ReleasePlan.all());
      assertThat(back.version()).isEqualTo(3);
      assertThat(models.registry().get(svc.modelId(), 3).orElseThrow().bundle().provenance().settings())
          .containsEntry("republishes", "1");
      assertThat(models.registry().get(svc.modelId(), 3).orElseThrow().bundle().payload())
          .isEqualTo(models.registry().get(svc.modelId(), 1).orElseThrow().bundle().payload());
    }
  }

  @Test
  void anAlarmMarkedFalseChangesTheNextModelsDecision() {
    KpiFamily svc = family("feedback-svc");
    MutableClock clock = new MutableClock(history.to());
    try (InProcessBus raw = new InProcessBus(); MessageBus bus = new MessageBus(raw);
        ModelService models = service(bus, clock, SigningKey.ephemeral())) {
      models.feedback().record(history.labels());
      double[] batch = {0.72, 72, 0.001};
      ModelService.TrainingRun before = models.train(svc, history.from(), history.to(),
          TrainingProgress.NONE);
      AnomalyScorer v1 = new AnomalyScorer(ModelPayload.decode(before.anomaly().bundle().payload()));
      assertThat(v1.anomalous(batch)).as("the first model flags the batch job").isTrue();

      // The alarm raised on it is marked false by an operator.
      Alarm alarm = new Alarm(Alarm.idFor(BUSY, "model", burstFrom), "edge-1", burstTo, BUSY, "anomalous KPIs",
          "model:service-kpis@1", EventType.QUALITY_OF_SERVICE_ALARM, Severity.MINOR, Alarm.State.CLEARED,
          Alarm.AckState.ACKNOWLEDGED, false, null, List.of(), burstFrom, burstTo, 1, "model:service-kpis@1", Map.of());
      models.feedback().falseAlarm(alarm, "ana", "nightly batch job");

      ModelService.TrainingRun after = models.train(svc, history.from(), history.to(),
          TrainingProgress.NONE);
      AnomalyScorer v2 = new AnomalyScorer(ModelPayload.decode(after.anomaly().bundle().payload()));
      assertThat(v2.anomalous(batch)).as("the next model accepts the labelled behaviour").isFalse();
      assertThat(after.anomaly().bundle().provenance().metrics().get("normal_labelled_vectors")).isPositive();
      // The GPU failure is still found; the API's surge at the night trough (CPU about 0.6) and its
      // web are now within what the operator called normal (CPU 0.72, 72 ms).
      assertThat(after.anomaly().bundle().provenance().metrics().get("faults_detected")).isPositive();
      // A saturated service is still anomalous.
      assertThat(v2.anomalous(new double[] {0.9, 200, 0.001})).isTrue();
    }
  }
}
