package io.sextant.edge.model;

import io.sextant.common.bundle.BundleVerifier;
import io.sextant.common.bundle.FeatureVectors;
import io.sextant.common.bundle.ModelBundle;
import io.sextant.common.bundle.ModelReports;
import io.sextant.common.bundle.Releases;
import io.sextant.common.bundle.SignedBundle;
import io.sextant.common.bundle.Verdict;
import io.sextant.common.bus.Bus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Labels;
import io.sextant.common.model.ModelRelease;
import io.sextant.common.model.Sample;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's entry point for centrally trained models.
 * <ul>
 *   <li>{@link #start()} loads the last good models from local disk (verified again) and subscribes
 *       to this site's releases on {@link Topic#MODELS};</li>
 *   <li>{@link #offer} verifies a release (key, signature, declared inputs, newer version) and installs
 *       it, keeping the previous model; a refused release is reported on the detections topic
 *       ({@link ModelReports}) and counted, and the running model stays;</li>
 *   <li>{@link #score} scores one collection window with every running model and returns detection
 *       transitions (detector {@code model:<id>@<version>}); while a new model is on probation the
 *       previous one scores the same windows, and the new one is rolled back (and reported) when its
 *       anomaly rate exceeds {@code maxRateFactor} times the previous one's.</li>
 * </ul>
 * Scoring needs nothing from the centre: cut off, the edge keeps scoring with its last good models.
 * Thread-safe: releases arrive on the bus thread, windows on the edge's; one lock.
 */
public final class EdgeModels implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EdgeModels.class);

  private final String site;
  private final BundleVerifier verifier;
  private final Set<String> availableInputs;
  private final LocalModels disk;
  private final MessageBus bus;
  private final Clock clock;
  private final EdgeModelSettings settings;
  private final Map<String, Running> models = new TreeMap<>();
  private Bus.Subscription subscription;
  private long refused;
  private long rollbacks;
  private long reportFailures;
  /** Where reports go; null: published on the bus. */
  private java.util.function.Consumer<Detection> reports;

  /** One model id: its slot, loaded scorers and releases by version, and per-resource detection state. */
  private static final class Running {
    final ModelSlot slot;
    final Map<Long, EdgeScorer> scorers = new HashMap<>();
    final Map<Long, ModelRelease> releases = new HashMap<>();
    final Map<String, ResourceState> resources = new HashMap<>();
    /** The detector the resource states belong to; a different running version resolves them first. */
    String stateDetector;
    int probationLeft;
    long probationVectors;
    long anomalousNew;
    long anomalousPrevious;

    Running(ModelSlot slot) {
      this.slot = slot;
    }
  }

  private static final class ResourceState {
    int anomalousRun;
    int normalRun;
    boolean firing;
    Sample last;
  }

  /**
   * @param trustedKeys the centre's release keys by key id
   * @param availableInputs the metric names this edge collects (declared inputs must be among them)
   * @param stateDir where the last good models are kept across restarts
   */
  public EdgeModels(String site, Map<String, PublicKey> trustedKeys, Set<String> availableInputs, Path stateDir,
      MessageBus bus, Clock clock, EdgeModelSettings settings) {
    this.site = site;
    this.verifier = new BundleVerifier(trustedKeys);
    this.availableInputs = Set.copyOf(availableInputs);
    this.disk = new LocalModels(stateDir);
    this.bus = bus;
    this.clock = clock;
    this.settings = settings;
  }

  /**
   * Sends this runner's reports (refused releases, rollbacks: {@code model-guard} detections) to
   * {@code sink} instead of publishing them on the bus: an edge node hands them to its uplink, so
   * they wait in the outbox while the centre is unreachable and pass the upload policy.
   */
  public synchronized void reportTo(java.util.function.Consumer<Detection> sink) {
    this.reports = java.util.Objects.requireNonNull(sink, "sink");
  }

  /** Restores the models kept on disk, then subscribes to this site's releases. Returns models restored. */
  public synchronized int start() throws IOException {
    int restored = restore();
    subscribe();
    return restored;
  }

  /**
   * Restores the last good models kept on disk, without the bus: an edge restarted while cut off
   * from the centre scores with them at once. Returns the models restored.
   */
  public synchronized int restore() throws IOException {
    int restored = 0;
    for (ModelRelease r : disk.load()) {
      if (install(r, false).accepted()) {
        restored++;
      }
    }
    // A restored model already passed probation before the restart.
    models.values().forEach(m -> m.probationLeft = 0);
    log.info("{}: {} model(s) restored from disk, running {}", site, restored, running());
    return restored;
  }

  /** Subscribes to this site's releases; throws when the bus cannot subscribe now (call again later). */
  public synchronized void subscribe() {
    if (subscription != null) {
      return;
    }
    subscription = bus.subscribe(Topic.MODELS, "edge-models-" + site, r -> {
      if (site.equals(r.site())) {
        try {
          offer(r);
        } catch (RuntimeException e) {
          // A release that breaks the runner must not be redelivered forever: refuse it and go on.
          refuse(r, "release could not be processed: " + e);
        }
      }
    });
  }

  /** Verifies and installs a release for this site; the verdict says why not when refused. */
  public synchronized Verdict offer(ModelRelease release) {
    if (!site.equals(release.site())) {
      return refuse(release, "release is for site '" + release.site() + "', this is '" + site + "'");
    }
    return install(release, true);
  }

  private Verdict install(ModelRelease release, boolean persist) {
    SignedBundle signed;
    try {
      signed = Releases.fromRelease(release);
    } catch (IllegalArgumentException e) {
      return refuse(release, "unreadable bundle: " + e.getMessage());
    }
    EdgeScorer scorer;
    Verdict v = verifier.verify(signed, availableInputs);
    if (!v.accepted()) {
      return refuse(release, v.reason());
    }
    try {
      // Only now, with the signature verified, is anything in the payload deserialised.
      scorer = new EdgeScorer(signed.bundle());
    } catch (RuntimeException e) {
      return refuse(release, "payload cannot be loaded: " + e.getMessage());
    }
    Running m = models.computeIfAbsent(signed.bundle().modelId(),
        id -> new Running(new ModelSlot(id, verifier, settings.maxRateFactor())));
    long before = m.slot.current().map(ModelBundle::version).orElse(0L);
    v = m.slot.offer(signed, availableInputs);
    if (!v.accepted()) {
      return refuse(release, v.reason());
    }
    if (persist) {
      try {
        disk.install(release);
      } catch (IOException e) {
        // Still run it: only a restart while cut off would miss it.
        log.warn("{}: cannot keep {} v{} on disk: {}", site, release.modelId(), release.version(), e.getMessage());
      }
    }
    m.scorers.put(release.version(), scorer);
    m.releases.put(release.version(), release);
    m.scorers.keySet().removeIf(ver -> !isKept(m, ver));
    m.releases.keySet().removeIf(ver -> !isKept(m, ver));
    m.probationLeft = before == 0 ? 0 : settings.probationWindows();
    m.probationVectors = 0;
    m.anomalousNew = 0;
    m.anomalousPrevious = 0;
    log.info("{}: loaded {} v{} (was v{})", site, release.modelId(), release.version(), before);
    return v;
  }

  private static boolean isKept(Running m, long version) {
    return m.slot.current().map(b -> b.version() == version).orElse(false)
        || m.slot.previous().map(b -> b.version() == version).orElse(false);
  }

  /**
   * Scores one window (this site's samples at {@code time}) with every running model; returns the
   * detections whose state changed, for the caller to publish with its others.
   */
  public synchronized List<Detection> score(Instant time, List<Sample> window) {
    List<Detection> out = new ArrayList<>();
    for (Map.Entry<String, Running> e : models.entrySet()) {
      Running m = e.getValue();
      Optional<ModelBundle> current = m.slot.current();
      if (current.isEmpty()) {
        continue;
      }
      ModelBundle b = current.get();
      EdgeScorer scorer = m.scorers.get(b.version());
      Map<String, double[]> vectors = FeatureVectors.byResource(window, b.inputs());
      Map<String, Sample> firstSample = new HashMap<>();
      for (Sample s : window) {
        firstSample.putIfAbsent(s.resource(), s);
      }
      String detector = detector(b);
      if (!detector.equals(m.stateDetector)) {
        if (m.stateDetector != null) {
          resolveAll(m, m.stateDetector, time, out);
        }
        m.stateDetector = detector;
      }
      for (Map.Entry<String, double[]> v : vectors.entrySet()) {
        double score = scorer.score(v.getValue());
        boolean anomalous = score > 1;
        step(m, e.getKey(), detector, v.getKey(), firstSample.get(v.getKey()), time, anomalous, score, out);
        if (m.probationLeft > 0) {
          m.probationVectors++;
          m.anomalousNew += anomalous ? 1 : 0;
          ModelBundle prev = m.slot.previous().orElse(null);
          if (prev != null && m.scorers.get(prev.version()).score(v.getValue()) > 1) {
            m.anomalousPrevious++;
          }
        }
      }
      if (m.probationLeft > 0 && --m.probationLeft == 0) {
        judge(m, b, time);
      }
    }
    return out;
  }

  private void judge(Running m, ModelBundle b, Instant time) {
    if (m.probationVectors == 0) {
      return;
    }
    double rate = (double) m.anomalousNew / m.probationVectors;
    double prevRate = (double) m.anomalousPrevious / m.probationVectors;
    long prevVersion = m.slot.previous().map(ModelBundle::version).orElse(0L);
    if (m.slot.observeAnomalyRates(rate, Math.max(prevRate, settings.rateFloor()))) {
      rollbacks++;
      String reason = m.slot.lastEvent();
      log.warn("{}: {}", site, reason);
      try {
        disk.rollback(b.modelId());
      } catch (IOException e) {
        log.warn("{}: cannot restore v{} of {} on disk: {}", site, prevVersion, b.modelId(), e.getMessage());
      }
      report(ModelReports.rolledBack(site, time, b.modelId(), b.version(), reason));
    }
  }

  private void step(Running m, String modelId, String detector, String resource, Sample sample, Instant time,
      boolean anomalous, double score, List<Detection> out) {
    ResourceState s = m.resources.computeIfAbsent(resource, r -> new ResourceState());
    s.last = sample;
    if (anomalous) {
      s.anomalousRun++;
      s.normalRun = 0;
      if (!s.firing && s.anomalousRun >= settings.fireAfter()) {
        s.firing = true;
        out.add(detection(modelId, detector, resource, sample, time, Detection.State.FIRING, score));
      }
    } else {
      s.normalRun++;
      s.anomalousRun = 0;
      if (s.firing && s.normalRun >= settings.clearAfter()) {
        s.firing = false;
        out.add(detection(modelId, detector, resource, sample, time, Detection.State.RESOLVED, score));
      }
    }
  }

  /** On a model switch the old detector's open detections are resolved, so none stays firing forever. */
  private void resolveAll(Running m, String detector, Instant time, List<Detection> out) {
    String modelId = detector.substring("model:".length(), detector.indexOf('@'));
    m.resources.forEach((resource, s) -> {
      if (s.firing) {
        out.add(detection(modelId, detector, resource, s.last, time, Detection.State.RESOLVED, 0));
      }
    });
    m.resources.clear();
  }

  private Detection detection(String modelId, String detector, String resource, Sample sample, Instant time,
      Detection.State state, double score) {
    Map<String, String> labels = new TreeMap<>();
    if (sample != null) {
      labels.putAll(sample.labels());
    }
    labels.remove("node");
    labels.put(Sample.RESOURCE, resource);
    labels.put(ModelReports.MODEL, modelId);
    // observed: the model's score (anomalous above 1); expected: the threshold; score: in [0, 1).
    return new Detection(null, site, time, detector, modelId, Labels.copyOf(labels), resource, state, score, 1,
        score / (1 + score));
  }

  private synchronized Verdict refuse(ModelRelease release, String reason) {
    refused++;
    log.warn("{}: refused {} v{}: {}", site, release.modelId(), release.version(), reason);
    report(ModelReports.refused(site, clock.instant(), release.modelId(), release.version(), reason));
    return Verdict.refuse(reason);
  }

  private void report(Detection d) {
    try {
      if (reports != null) {
        reports.accept(d);
        return;
      }
      bus.publish(Topic.DETECTIONS, d);
    } catch (RuntimeException e) {
      // Cut off from the centre: the refusal stands and is counted; the report is lost.
      reportFailures++;
      log.warn("{}: cannot report {}: {}", site, d.metric(), e.getMessage());
    }
  }

  static String detector(ModelBundle b) {
    return "model:" + b.modelId() + "@" + b.version();
  }

  /** The version running for a model id. */
  public synchronized Optional<ModelBundle> current(String modelId) {
    Running m = models.get(modelId);
    return m == null ? Optional.empty() : m.slot.current();
  }

  /** Model id to running version, for logs and status pages. */
  public synchronized Map<String, Long> running() {
    Map<String, Long> out = new TreeMap<>();
    models.forEach((id, m) -> m.slot.current().ifPresent(b -> out.put(id, b.version())));
    return out;
  }

  public synchronized long refusedCount() {
    return refused;
  }

  public synchronized long rollbackCount() {
    return rollbacks;
  }

  public synchronized long reportFailures() {
    return reportFailures;
  }

  @Override
  public synchronized void close() {
    if (subscription != null) {
      subscription.close();
      subscription = null;
    }
  }
}
