package io.sextant.deploy.config;

import java.nio.file.Path;
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
 */
public record ProcessConfig(String site, List<String> sites, Path dataDir, BusSettings bus, StoreSettings store,
    SimulationSettings simulation, Integer metricsPort) {
  public static final String CENTRAL = "central";

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
  }

  public ProcessConfig withSite(String newSite) {
    return new ProcessConfig(newSite, sites, dataDir, bus, store, simulation, metricsPort);
  }

  public ProcessConfig withSimulation(SimulationSettings s) {
    return new ProcessConfig(site, sites, dataDir, bus, store, s, metricsPort);
  }

  public ProcessConfig withStore(StoreSettings s) {
    return new ProcessConfig(site, sites, dataDir, bus, s, simulation, metricsPort);
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
