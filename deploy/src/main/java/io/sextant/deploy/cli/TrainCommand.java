package io.sextant.deploy.cli;

import io.sextant.central.model.KpiFamily;
import io.sextant.central.model.ModelService;
import io.sextant.central.model.ModelSettings;
import io.sextant.central.model.release.SigningKey;
import io.sextant.central.model.train.AnomalySettings;
import io.sextant.central.model.train.TrainingProgress;
import io.sextant.common.bundle.ModelPayload;
import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.model.Sample;
import io.sextant.store.PostgresStore;
import io.sextant.store.StoreConfig;
import io.sextant.store.Stores;
import io.sextant.store.registry.FeedbackLabel;
import io.sextant.sim.CloudSpec;
import io.sextant.sim.Fault;
import io.sextant.sim.GroundTruth;
import io.sextant.sim.SimulatedCloud;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sextant train}: trains the KPI families' models on stored history, registers them and
 * prints their evaluation. Without a database URL it starts an embedded PostgreSQL and first fills
 * it with simulated history and its ground truth (the demo's way).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Trains each KPI family's anomaly model (PCA distance, k-means distance or one-class SVM, Tribuo) and, when the "
        + "window holds labelled incidents, its root-cause classifier, on the history in the central store; "
        + "registers them as new versions with their provenance and prints the evaluation.",
        "Without --jdbc-url, an embedded PostgreSQL is filled with simulated history (default faults, labelled "
            + "from the ground truth) first."})
public final class TrainCommand implements Callable<Integer> {
  @Option(names = "--family", defaultValue = "all", description = "service, probe or all (default ${DEFAULT-VALUE}).")
  String family;

  @Option(names = "--trainer", defaultValue = "pca",
      description = "pca, kmeans, ocsvm, or compare (trains all three, registers all) (default ${DEFAULT-VALUE}).")
  String trainer;

  @Option(names = "--seed", defaultValue = "7", description = "Seed of trainers and simulation (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--window", paramLabel = "DURATION", description = "Train on this much history ending at --to "
      + "(ISO-8601, e.g. P7D; default: all the simulated history, or P7D on a database).")
  Duration window;

  @Option(names = "--to", paramLabel = "INSTANT", description = "End of the training window (default: now, or the end "
      + "of the simulated history).")
  Instant to;

  @Option(names = "--promote", description = "Promote each new anomaly model unless pinned or worse than the live one.")
  boolean promote;

  @Option(names = "--step-seconds", defaultValue = "10",
      description = "Simulated window length when simulating (default ${DEFAULT-VALUE}).")
  long stepSeconds;

  @Mixin
  StoreOptions store;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<KpiFamily> families;
    List<ModelPayload.Kind> kinds;
    try {
      families = family.equals("all") ? List.of(KpiFamily.SERVICE, KpiFamily.PROBE) : List.of(KpiFamily.named(family));
      kinds = switch (trainer) {
        case "pca" -> List.of(ModelPayload.Kind.PCA_DISTANCE);
        case "kmeans" -> List.of(ModelPayload.Kind.KMEANS_DISTANCE);
        case "ocsvm" -> List.of(ModelPayload.Kind.ONE_CLASS_SVM);
        case "compare" -> List.of(ModelPayload.Kind.PCA_DISTANCE, ModelPayload.Kind.KMEANS_DISTANCE,
            ModelPayload.Kind.ONE_CLASS_SVM);
        default -> throw new IllegalArgumentException("unknown trainer '" + trainer
            + "': use pca, kmeans, ocsvm or compare");
      };
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 2;
    }
    StoreConfig config = store.config();
    out.println("central store: " + store.describe());
    out.flush();
    try (PostgresStore store = Stores.open(config); InProcessBus raw = new InProcessBus();
        MessageBus bus = new MessageBus(raw)) {
      Instant from;
      Instant end;
      CloudSpec cloud = CloudSpec.defaults().withSeed(seed).withStep(Duration.ofSeconds(stepSeconds));
      try (ModelService labelsOnly = service(store, bus, Clock.systemUTC(), cloud, AnomalySettings.defaults())) {
        if (config.embedded()) {
          Instant[] range = seedFromSimulation(store, labelsOnly, cloud, bar(out, "simulate"));
          out.println();
          end = to != null ? to : range[1];
          from = window != null ? end.minus(window) : range[0];
        } else {
          end = to != null ? to : Instant.now();
          from = end.minus(window != null ? window : Duration.ofDays(7));
        }
      }
      out.printf(Locale.ROOT, "training window %s .. %s%n", from, end);
      Clock clock = Clock.fixed(end, ZoneOffset.UTC);
      out.printf(Locale.ROOT, "%-24s %3s %-26s %6s %6s %6s %8s %7s%n", "model", "v", "trainer", "P", "R", "F1", "FPR",
          "faults");
      for (ModelPayload.Kind kind : kinds) {
        AnomalySettings settings = AnomalySettings.defaults(kind).withSeed(seed);
        try (ModelService models = service(store, bus, clock, cloud, settings)) {
          for (KpiFamily f : families) {
            ModelService.TrainingRun run = models.train(f, from, end, bar(out, f.modelId()));
            out.println();
            Map<String, Double> m = run.anomaly().bundle().provenance().metrics();
            out.printf(Locale.ROOT, "%-24s %3d %-26s %6.3f %6.3f %6.3f %8.4f %3.0f/%.0f%n", f.modelId(),
                run.anomaly().version(), run.anomaly().bundle().provenance().trainer(), m.get("precision"),
                m.get("recall"), m.get("f1"), m.get("false_positive_rate"), m.get("faults_detected"), m.get("faults"));
            if (promote) {
              out.println(models.promoteIfGoodEnough(run.anomaly(), "cli")
                  .map(ch -> "  promoted " + ch.modelId() + " v" + ch.version())
                  .orElse("  not promoted (pinned, or worse than the live version)"));
            }
          }
        }
      }
      out.flush();
      return 0;
    } catch (IllegalArgumentException | IllegalStateException e) {
      spec.commandLine().getErr().println("training failed: " + e.getMessage());
      return 1;
    }
  }

  private static ModelService service(PostgresStore store, MessageBus bus, Clock clock, CloudSpec cloud,
      AnomalySettings settings) {
    return new ModelService(store, store.dataSource(), bus, SigningKey.ephemeral(), cloud.siteIds(), clock,
        ModelSettings.defaults().withAnomaly(settings));
  }

  /**
   * Fills {@code store} with the simulated cloud's history (from the spec's start to the end of its
   * default faults) and records the ground truth as FAULT labels, one per affected resource. Returns
   * {from, to}. Used by this command and by the models' end-to-end test.
   */
  public static Instant[] seedFromSimulation(PostgresStore store, ModelService models, CloudSpec spec,
      TrainingProgress progress) {
    SimulatedCloud cloud = SimulatedCloud.withDefaultFaults(spec);
    Instant end = cloud.schedule().end().orElseThrow();
    int total = (int) (Duration.between(spec.start(), end).toMillis() / spec.step().toMillis());
    List<Sample> batch = new ArrayList<>();
    Map<String, String> siteOf = new HashMap<>();
    int done = 0;
    for (Instant t = spec.start(); t.isBefore(end); t = t.plus(spec.step())) {
      List<Sample> window = cloud.collectAll(t);
      window.forEach(s -> siteOf.putIfAbsent(s.resource(), s.site()));
      batch.addAll(window);
      if (batch.size() >= 20_000) {
        store.writeSamples(batch);
        batch.clear();
      }
      if (++done % 20 == 0 || done == total) {
        progress.step("simulated history", done, total);
      }
    }
    if (!batch.isEmpty()) {
      store.writeSamples(batch);
    }
    GroundTruth truth = cloud.groundTruth();
    List<FeedbackLabel> labels = new ArrayList<>();
    for (Fault f : truth.faults()) {
      for (String resource : truth.affected(f)) {
        labels.add(FeedbackLabel.fault(siteOf.getOrDefault(resource, CloudSpec.CENTRAL), resource, f.start(), f.end(),
            f.kind().name(), "simulation"));
      }
    }
    models.feedback().record(labels);
    return new Instant[] {spec.start(), end};
  }

  /** A one-line text progress bar, redrawn in place with a carriage return. */
  static TrainingProgress bar(PrintWriter out, String what) {
    return (stage, done, total) -> {
      int width = 30;
      int filled = total == 0 ? width : (int) ((long) width * done / total);
      out.printf(Locale.ROOT, "\r%-14s [%s%s] %3d%% %-32s", what, "#".repeat(filled), "-".repeat(width - filled),
          total == 0 ? 100 : 100 * done / total, stage);
      out.flush();
    };
  }
}
