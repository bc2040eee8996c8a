package io.sextant.deploy.allinone;

import io.sextant.central.model.KpiFamily;
import io.sextant.central.model.ModelService;
import io.sextant.central.model.ModelSettings;
import io.sextant.central.model.release.ReleasePlan;
import io.sextant.central.model.release.SigningKey;
import io.sextant.central.model.train.TrainingProgress;
import io.sextant.common.bus.MessageBus;
import io.sextant.node.edge.EdgeSite;
import io.sextant.edge.model.EdgeModelSettings;
import io.sextant.edge.model.EdgeModels;
import io.sextant.store.PostgresStore;
import io.sextant.store.registry.ModelRecord;
import io.sextant.sim.Kpis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The model loop of the all-in-one: the centre's {@link ModelService} trains on the stored history,
 * signs and releases over the bus; each edge's {@link EdgeModels} verifies, loads and scores its
 * own windows with the pushed models, next to its streaming detectors. The same classes run in the
 * distributed mode; here they share the in-process bus.
 */
public final class ModelLoop implements AutoCloseable {

  /** One trained and released model, for the timeline. */
  public record Released(String modelId, long version, String trainer, int sites, Map<String, Double> metrics) {}

  private final ModelService service;
  private final List<EdgeModels> edges = new ArrayList<>();
  private final Path stateDir;
  private final String keyId;

  ModelLoop(PostgresStore store, MessageBus bus, Clock clock, List<EdgeSite> sites, List<String> siteIds) {
    try {
      stateDir = Files.createTempDirectory("sextant-models");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the edges' model directory", e);
    }
    // The demo's key lives as long as the run; `sextant central` reads its key from PEM files.
    SigningKey key = SigningKey.ephemeral();
    keyId = key.keyId();
    service = new ModelService(store, store.dataSource(), bus, key, siteIds, clock, ModelSettings.defaults());
    for (EdgeSite site : sites) {
      EdgeModels models = new EdgeModels(site.site(), Map.of(key.keyId(), key.publicKey()), Kpis.MODEL_INPUTS,
          stateDir.resolve(site.site()), bus, clock, EdgeModelSettings.defaults());
      try {
        models.start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the model runner of " + site.site(), e);
      }
      site.attachModels(models);
      edges.add(models);
    }
  }

  /** Trains every KPI family on [from, to), promotes and releases each to every site. */
  public List<Released> trainAndRelease(Instant from, Instant to) {
    List<Released> out = new ArrayList<>();
    for (KpiFamily family : List.of(KpiFamily.SERVICE, KpiFamily.PROBE)) {
      ModelService.TrainingRun run = service.train(family, from, to, TrainingProgress.NONE);
      ModelRecord model = run.anomaly();
      service.registry().promote(model.modelId(), model.version(), "demo");
      service.releaseLive(model.modelId(), ReleasePlan.all());
      out.add(new Released(model.modelId(), model.version(), model.bundle().provenance().trainer(), edges.size(),
          model.bundle().provenance().metrics()));
    }
    return out;
  }

  /** Sites running {@code modelId} at {@code version}: verified and loaded. */
  public long sitesRunning(String modelId, long version) {
    return edges.stream().filter(e -> e.current(modelId).map(b -> b.version() == version).orElse(false)).count();
  }

  public String keyId() {
    return keyId;
  }

  public ModelService service() {
    return service;
  }

  @Override
  public void close() {
    edges.forEach(EdgeModels::close);
    service.close();
    try (Stream<Path> files = Files.walk(stateDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp directory is harmless.
    }
  }
}
