package io.sextant.node.central.config;

import io.sextant.actuator.ActuatorSettings;
import io.sextant.alarm.raise.AlarmCatalog;
import io.sextant.alarm.service.AlarmServiceConfig;
import io.sextant.central.liveness.NoDataSettings;
import io.sextant.central.protect.ProtectionSettings;
import io.sextant.central.rca.LearnedCalls;
import io.sextant.bus.pulsar.BusSettings;
import io.sextant.common.config.ConfigException;
import io.sextant.common.security.HttpSecurity;
import io.sextant.runbook.safety.AutomationSettings;
import io.sextant.sim.SimulationSettings;
import io.sextant.store.RetentionSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The configuration of {@code sextant central}, as read from its file by
 * {@link CentralConfigFile} (docs/configuration.md lists every key).
 *
 * @param namespace the Pulsar namespace of what the centre publishes (alarms, diagnoses, its own
 *     action events); default {@code central}
 * @param sites the sites the centre serves (it reads their namespaces); empty means every site of
 *     the simulated cloud
 * @param store the central store
 * @param simulation the simulated cloud as what the centre acts on; null for a live centre
 * @param interval a live centre's tick (a simulated one takes the simulation's window)
 * @param policyFile the sites' upload policies, published on the compacted {@code policies} topic
 *     at start, when the file changes and every 5 minutes; null for none (edges upload everything raw)
 * @param topologyFile a live centre's topology (sites, links, probe paths; docs/topology.md), which
 *     link localization reasons on; null for none. A simulated centre takes the simulated one.
 * @param retention how long raw samples and rollups are kept ({@code store.retention})
 * @param models the centre's training and release of models; null for none
 * @param alarms the alarm service: receivers, routes, silences, inhibition, its HTTP API
 * @param fanInThreads handler threads per topic read from every site ({@code bus.fan-in-threads})
 * @param http where the centre's one HTTP port listens ({@code http.listen}); null for none
 * @param catalog the alarm catalog: the built-in one with the operator's {@code alarm-catalog} on top
 * @param noData when the centre alarms on a silent site or on falling behind ({@code no-data})
 * @param runbooks a live centre's runbook directory (its central runbooks); null: none. A simulated
 *     centre runs the built-in runbooks.
 * @param actuators how a live centre changes the cloud (hooks, Kubernetes, commands)
 * @param automation the initial state of the centre's safety switches
 * @param security how its HTTP listeners (the port and the remote-write receiver) are secured: TLS,
 *     the bearer tokens (hashed, with roles) they require, the intakes' rate limit ({@code http.*})
 * @param protection a rerouted link's protection: probes, alarm clearing, wait-to-restore ({@code protection})
 * @param learnedCallsMaxAge how long a call between services learned from traces stays in the
 *     dependency graph after it was last seen ({@code learned-calls-max-age}; null: 1 h)
 */
public record CentralConfig(String namespace, List<String> sites, BusSettings bus, StoreSettings store,
    SimulationSettings simulation, Duration interval, Path policyFile, Path topologyFile, RetentionSettings retention,
    ModelsSettings models, AlarmServiceConfig alarms, int fanInThreads, InetSocketAddress http, AlarmCatalog catalog,
    NoDataSettings noData, Path runbooks, ActuatorSettings actuators, AutomationSettings automation,
    HttpSecurity security, ProtectionSettings protection, Duration learnedCallsMaxAge) {
  /** Alertmanager's port, so amtool and Grafana's Alertmanager data source work as they are. */
  public static final InetSocketAddress DEFAULT_HTTP = new InetSocketAddress("127.0.0.1", 9093);
  public static final String CENTRAL = "central";
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  public static final int DEFAULT_FAN_IN_THREADS = 4;

  public CentralConfig {
    namespace = namespace == null ? CENTRAL : namespace;
    if (!namespace.matches("[A-Za-z0-9_.-]+")) {
      throw new ConfigException("site: '" + namespace + "' must be letters, digits, '.', '_' or '-' (it names a Pulsar namespace)");
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
    interval = interval == null ? DEFAULT_INTERVAL : interval;
    if (interval.toMillis() < 1000 || interval.toMillis() % 1000 != 0) {
      throw new ConfigException("interval: must be whole seconds, at least 1s, got " + interval);
    }
    retention = retention == null ? RetentionSettings.defaults() : retention;
    alarms = alarms == null ? AlarmServiceConfig.parse("") : alarms;
    catalog = catalog == null ? AlarmCatalog.defaults() : catalog;
    noData = noData == null ? NoDataSettings.defaults() : noData;
    protection = protection == null ? ProtectionSettings.defaults() : protection;
    learnedCallsMaxAge = learnedCallsMaxAge == null ? LearnedCalls.DEFAULT_MAX_AGE : learnedCallsMaxAge;
    if (learnedCallsMaxAge.isNegative() || learnedCallsMaxAge.isZero()) {
      throw new ConfigException("learned-calls-max-age: must be longer than 0, got " + learnedCallsMaxAge);
    }
    if (fanInThreads < 1) {
      throw new ConfigException("bus.fan-in-threads: must be at least 1, got " + fanInThreads);
    }
    if (simulation == null && sites.isEmpty()) {
      throw new ConfigException("sites: required when there is no simulation to take them from");
    }
    actuators = actuators == null ? ActuatorSettings.none() : actuators;
    automation = automation == null ? AutomationSettings.defaults() : automation;
    security = security == null ? HttpSecurity.NONE : security;
    if (simulation != null && (runbooks != null || !actuators.equals(ActuatorSettings.none()))) {
      throw new ConfigException("runbooks, actuators: a simulated centre repairs the simulated cloud with the built-in "
          + "runbooks (remove them or simulation:)");
    }
    if (simulation != null && topologyFile != null) {
      throw new ConfigException("topology-file: a simulated centre reasons on the simulated topology (remove one)");
    }
  }

  /** Learned calls kept the default time. */
  public CentralConfig(String namespace, List<String> sites, BusSettings bus, StoreSettings store,
      SimulationSettings simulation, Duration interval, Path policyFile, Path topologyFile, RetentionSettings retention,
      ModelsSettings models, AlarmServiceConfig alarms, int fanInThreads, InetSocketAddress http, AlarmCatalog catalog,
      NoDataSettings noData, Path runbooks, ActuatorSettings actuators, AutomationSettings automation,
      HttpSecurity security, ProtectionSettings protection) {
    this(namespace, sites, bus, store, simulation, interval, policyFile, topologyFile, retention, models, alarms,
        fanInThreads, http, catalog, noData, runbooks, actuators, automation, security, protection, null);
  }

  /** Without security: the HTTP listeners take every call, in plaintext. */
  public CentralConfig(String namespace, List<String> sites, BusSettings bus, StoreSettings store,
      SimulationSettings simulation, Duration interval, Path policyFile, Path topologyFile, RetentionSettings retention,
      ModelsSettings models, AlarmServiceConfig alarms, int fanInThreads, InetSocketAddress http, AlarmCatalog catalog,
      NoDataSettings noData, Path runbooks, ActuatorSettings actuators, AutomationSettings automation) {
    this(namespace, sites, bus, store, simulation, interval, policyFile, topologyFile, retention, models, alarms,
        fanInThreads, http, catalog, noData, runbooks, actuators, automation, HttpSecurity.NONE, null);
  }

  public CentralConfig withNoData(NoDataSettings n) {
    return new CentralConfig(namespace, sites, bus, store, simulation, interval, policyFile, topologyFile, retention,
        models, alarms, fanInThreads, http, catalog, n, runbooks, actuators, automation, security, protection,
        learnedCallsMaxAge);
  }

  /** The bearer tokens file; null: none. */
  public Path tokensFile() {
    return security.tokensFile();
  }

  /** The sites the centre serves: the configured list, or every simulated site. */
  public List<String> servedSites() {
    return sites.isEmpty() ? simulation.spec().siteIds() : sites;
  }

  public CentralConfig withStore(StoreSettings s) {
    return new CentralConfig(namespace, sites, bus, s, simulation, interval, policyFile, topologyFile, retention,
        models, alarms, fanInThreads, http, catalog, noData, runbooks, actuators, automation, security, protection,
        learnedCallsMaxAge);
  }

  public CentralConfig withBus(BusSettings b) {
    return new CentralConfig(namespace, sites, b, store, simulation, interval, policyFile, topologyFile, retention,
        models, alarms, fanInThreads, http, catalog, noData, runbooks, actuators, automation, security, protection,
        learnedCallsMaxAge);
  }

  public CentralConfig withSimulation(SimulationSettings s) {
    return new CentralConfig(namespace, sites, bus, store, s, interval, policyFile, topologyFile, retention, models,
        alarms, fanInThreads, http, catalog, noData, runbooks, actuators, automation, security, protection,
        learnedCallsMaxAge);
  }

  public CentralConfig withAlarms(AlarmServiceConfig a) {
    return new CentralConfig(namespace, sites, bus, store, simulation, interval, policyFile, topologyFile, retention,
        models, a, fanInThreads, http, catalog, noData, runbooks, actuators, automation, security, protection,
        learnedCallsMaxAge);
  }
}
