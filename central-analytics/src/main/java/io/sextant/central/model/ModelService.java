package io.sextant.central.model;

import io.sextant.central.model.feedback.Feedback;
import io.sextant.central.model.release.ReleasePlan;
import io.sextant.central.model.release.Rollout;
import io.sextant.central.model.release.Rollouts;
import io.sextant.central.model.release.SigningKey;
import io.sextant.central.model.train.AnomalyTrainer;
import io.sextant.central.model.train.History;
import io.sextant.central.model.train.KpiVector;
import io.sextant.central.model.train.TrainedModel;
import io.sextant.central.model.train.TrainingProgress;
import io.sextant.common.bundle.ModelBundle;
import io.sextant.common.bundle.ModelReports;
import io.sextant.common.bundle.Provenance;
import io.sextant.common.bus.Bus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.store.Store;
import io.sextant.store.registry.Channel;
import io.sextant.store.registry.FeedbackLabel;
import io.sextant.store.registry.LabelTable;
import io.sextant.store.registry.ModelRecord;
import io.sextant.store.registry.ModelRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The centre's model entry point: train a KPI family's models from the store and register them,
 * promote / pin / roll back, release signed bundles to sites over the bus, and take feedback.
 * Listens to the detections topic for edges' model reports (refusals, rollbacks) to halt canaries.
 *
 * <p>Training runs on the caller's thread ({@link #train}) or on the service's own daemon thread
 * ({@link #startSchedule}); calls are safe from several threads (the registry is transactional,
 * rollouts are locked), but two trainings of the same family at once would race for a version
 * number, and one of them fails to register rather than overwrite.
 */
public final class ModelService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ModelService.class);
  static final String SUBSCRIPTION = "model-rollouts";
  /**
   * Vectors read for one training: a week of 5 s windows over dozens of services would not fit in
   * memory, and the trainer uses a few thousand anyway; longer windows are thinned evenly.
   */
  public static final int MAX_HISTORY_VECTORS = 200_000;

  private final Store store;
  private final ModelRegistry registry;
  private final LabelTable labels;
  private final Feedback feedback;
  private final Rollouts rollouts;
  private final Clock clock;
  private final ModelSettings settings;
  private final Bus.Subscription reports;
  private ScheduledExecutorService scheduler;

  /** What one training produced. */
  public record TrainingRun(KpiFamily family, ModelRecord anomaly) {}

  /**
   * @param registryPool connections to the store's database, migrated to V4 (e.g.
   *     {@code PostgresStore.dataSource()})
   * @param sites every site a release may go to
   */
  public ModelService(Store store, DataSource registryPool, MessageBus bus, SigningKey key, List<String> sites,
      Clock clock, ModelSettings settings) {
    this.store = store;
    this.registry = new ModelRegistry(registryPool, clock);
    this.labels = new LabelTable(registryPool, clock);
    this.feedback = new Feedback(labels, clock);
    this.rollouts = new Rollouts(bus, registry, key, sites, clock);
    this.clock = clock;
    this.settings = settings;
    this.reports = bus.subscribe(Topic.DETECTIONS, SUBSCRIPTION,
        d -> ModelReports.read(d).ifPresent(rollouts::onReport));
  }

  /**
   * Trains the family's anomaly model on the stored history and labels of [from, to); registers it
   * as a new version. Promotes nothing.
   */
  public TrainingRun train(KpiFamily family, Instant from, Instant to, TrainingProgress progress) {
    progress.step("read history", 0, 2);
    List<KpiVector> history = History.read(store, family, from, to, MAX_HISTORY_VECTORS);
    List<FeedbackLabel> known = labels.overlapping(from, to);
    progress.step("train anomaly model", 1, 2);
    TrainedModel anomaly = new AnomalyTrainer(settings.anomaly()).train(family, registry.nextVersion(family.modelId()),
        history, known, from, to, sub(progress, 1));
    ModelRecord a = registry.register(anomaly.bundle(), "training");
    progress.step("done", 2, 2);
    log.info("trained {} v{} on {} vectors: {}", family.modelId(), a.version(), history.size(),
        a.bundle().provenance().metrics());
    return new TrainingRun(family, a);
  }

  /**
   * Promotes {@code candidate} unless its model is pinned or its F1 is below the live version's by
   * more than {@link ModelSettings#maxF1Drop()}. Empty when it stayed a candidate.
   */
  public Optional<Channel> promoteIfGoodEnough(ModelRecord candidate, String by) {
    Optional<ModelRecord> live = registry.live(candidate.modelId());
    Double f1 = candidate.bundle().provenance().metrics().get("f1");
    Double liveF1 = live.map(r -> r.bundle().provenance().metrics().get("f1")).orElse(null);
    if (f1 != null && liveF1 != null && f1 < liveF1 - settings.maxF1Drop()) {
      log.warn("{} v{} not promoted: F1 {} below live v{}'s {}", candidate.modelId(), candidate.version(), f1,
          live.get().version(), liveF1);
      return Optional.empty();
    }
    return registry.promoteUnlessPinned(candidate.modelId(), candidate.version(), by);
  }

  /** Releases a registered version to sites following {@code plan}. */
  public Rollout release(String modelId, long version, ReleasePlan plan) {
    ModelRecord r = registry.get(modelId, version)
        .orElseThrow(() -> new IllegalArgumentException(modelId + " v" + version + " is not registered"));
    return rollouts.start(r.bundle(), plan);
  }

  /** Releases the live version of a model. */
  public Rollout releaseLive(String modelId, ReleasePlan plan) {
    ModelRecord r = registry.live(modelId)
        .orElseThrow(() -> new IllegalStateException(modelId + " has no live version: promote one first"));
    return rollouts.start(r.bundle(), plan);
  }

  /**
   * Rolls the live version back in the registry and releases that older model to the sites. Edges
   * only install a version newer than the one they run (a replayed old bundle is refused), so the
   * older model is re-registered under the next version number, with {@code republishes=<old>} in
   * its settings, and that version is made live and released.
   */
  public Rollout rollback(String modelId, String by, ReleasePlan plan) {
    Channel back = registry.rollback(modelId, by);
    ModelBundle old = registry.get(modelId, back.version()).orElseThrow().bundle();
    Provenance p = old.provenance();
    Map<String, String> s = new LinkedHashMap<>(p.settings());
    s.put("republishes", Long.toString(old.version()));
    ModelBundle copy = new ModelBundle(modelId, registry.nextVersion(modelId), old.inputs(),
        new Provenance(p.trainedFrom(), p.trainedTo(), p.trainer(), s, p.seed(), p.metrics()), old.payload());
    registry.register(copy, by);
    registry.rollbackTo(modelId, copy.version(), by);
    return rollouts.start(copy, plan);
  }

  /** Advances canary rollouts (call on the demo's tick or a timer). */
  public List<Rollout> tick() {
    return rollouts.tick();
  }

  /**
   * One pass of the scheduled job, now: per family, train on the last training window, promote when
   * good enough and not pinned, and release a promoted anomaly model with the configured plan.
   */
  public List<TrainingRun> runScheduledOnce() {
    Instant now = clock.instant();
    List<TrainingRun> runs = new ArrayList<>();
    for (KpiFamily f : settings.families()) {
      try {
        TrainingRun run = train(f, now.minus(settings.trainingWindow()), now, TrainingProgress.NONE);
        if (promoteIfGoodEnough(run.anomaly(), "schedule").isPresent()) {
          release(f.modelId(), run.anomaly().version(), settings.plan());
        }
        runs.add(run);
      } catch (RuntimeException e) {
        // One family without enough history must not stop the others.
        log.warn("scheduled training of {} failed: {}", f.modelId(), e.getMessage());
      }
    }
    return runs;
  }

  /** Runs {@link #runScheduledOnce} every {@link ModelSettings#every()} on a daemon thread until close. */
  public synchronized void startSchedule() {
    if (scheduler != null) {
      throw new IllegalStateException("schedule already started");
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sextant-model-training");
      t.setDaemon(true);
      return t;
    });
    long every = settings.every().toMillis();
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        runScheduledOnce();
      } catch (RuntimeException e) {
        log.warn("scheduled training pass failed: {}", e.getMessage());
      }
    }, every, every, TimeUnit.MILLISECONDS);
  }

  public ModelRegistry registry() {
    return registry;
  }

  public Feedback feedback() {
    return feedback;
  }

  public Rollouts rollouts() {
    return rollouts;
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    reports.close();
  }

  /** Maps a sub-trainer's 0..3 steps into this run's step {@code base} .. base + 1. */
  private static TrainingProgress sub(TrainingProgress p, int base) {
    return (stage, done, total) -> p.step(stage, base, 4);
  }
}
