package io.sextant.deploy.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The configuration of one {@code sextant central} or {@code sextant edge} process, as read from its
 * file (see deploy/config/*.yaml and docs/operations.md for every field).
 *
 * @param site the edge's site, which is also the Pulsar namespace it publishes into; for the
 *     centre, the namespace of what it publishes (default {@code central})
 * @param sites the sites the centre serves (it reads their namespaces); empty means every site
 *     of the simulated cloud
 * @param dataDir where the edge keeps its outbox and state (survives restarts)
 * @param store the central store; ignored by edges
 * @param simulation the simulated cloud and shared time; null when the process has no simulated
 *     source
 * @param metricsPort the edge's {@code /metrics} port on loopback; null for none, 0 for any free port
 * @param interval a live process's period (no simulation): the edge's window, the centre's tick
 * @param edge what only an edge reads (real sources, detector rules)
 * @param central what only the centre reads (policy file, topology file, retention)
 * @param models pushed models: the centre's training and release key, an edge's trusted keys; null for none
 */
public record ProcessConfig(String site, List<String> sites, Path dataDir, BusSettings bus, StoreSettings store,
    SimulationSettings simulation, Integer metricsPort, Duration interval, EdgeSettings edge,
    CentralSettings central, ModelsSettings models) {
  public static final String CENTRAL = "central";
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  public ProcessConfig {
    site = site == null ? CENTRAL : site;
    if (!site.matches("[A-Za-z0-9_.-]+")) {
      throw new ConfigException("site: '" + site + "' must be letters, digits, '.', '_' or '-' (it names a Pulsar namespace)");
    }
    sites = sites == null ? List.of() : List.copyOf(sites);
    for (String s : sites) {
      if (!s.matches("[A-Za-z0-9_.-]+")) {
        throw new ConfigException("sites: '" + s + "' must be letters, digits, '.', '_' or '-'");
      }
    }
    if (bus == null) {
      throw new ConfigException("bus: required");
    }
    store = store == null ? StoreSettings.embedded() : store;
    if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
      throw new ConfigException("ports.metrics: must be 0..65535, got " + metricsPort);
    }
    interval = interval == null ? DEFAULT_INTERVAL : interval;
    if (interval.toMillis() < 1000 || interval.toMillis() % 1000 != 0) {
      throw new ConfigException("interval: must be whole seconds, at least 1s, got " + interval);
    }
    edge = edge == null ? EdgeSettings.defaults() : edge;
    central = central == null ? CentralSettings.defaults() : central;
    if (simulation != null && !edge.sources().isEmpty()) {
      throw new ConfigException("sources: real sources run on the wall clock and cannot be combined with "
          + "simulation: (remove one of them)");
    }
  }

  /** A process with the simulated cloud as its source, on its shared simulated time. */
  public boolean simulated() {
    return simulation != null;
  }

  public ProcessConfig withSite(String newSite) {
    return new ProcessConfig(newSite, sites, dataDir, bus, store, simulation, metricsPort, interval, edge, central, models);
  }

  public ProcessConfig withSimulation(SimulationSettings s) {
    return new ProcessConfig(site, sites, dataDir, bus, store, s, metricsPort, interval, edge, central, models);
  }

  public ProcessConfig withStore(StoreSettings s) {
    return new ProcessConfig(site, sites, dataDir, bus, s, simulation, metricsPort, interval, edge, central, models);
  }

  public ProcessConfig withBus(BusSettings b) {
    return new ProcessConfig(site, sites, dataDir, b, store, simulation, metricsPort, interval, edge, central, models);
  }

  /** The sites the centre serves: the configured list, or every simulated site. */
  public List<String> servedSites() {
    if (!sites.isEmpty()) {
      return sites;
    }
    if (simulation == null) {
      throw new ConfigException("sites: required when there is no simulation to take them from");
    }
    return simulation.spec().siteIds();
  }
}
