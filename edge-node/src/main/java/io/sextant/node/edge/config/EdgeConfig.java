package io.sextant.node.edge.config;

import io.sextant.actuator.ActuatorSettings;
import io.sextant.bus.pulsar.BusSettings;
import io.sextant.common.config.ConfigException;
import io.sextant.common.security.HttpSecurity;
import io.sextant.edge.detect.DetectorRules;
import io.sextant.runbook.safety.AutomationSettings;
import io.sextant.edge.threshold.ThresholdRules;
import io.sextant.sim.SimulationSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The configuration of one {@code sextant edge}, as read from its file by {@link EdgeConfigFile}
 * (docs/configuration.md lists every key).
 *
 * @param site the site, which is also the Pulsar namespace the edge publishes into and reads its
 *     commands, policies and models from
 * @param dataDir where the edge keeps its outbox, models and state, in {@code <dataDir>/<site>}
 *     (survives restarts)
 * @param bus how to reach Pulsar
 * @param simulation the simulated cloud as the site's source and actuator; null for a live site
 * @param metricsPort the edge's {@code /metrics} port on loopback; null for none, 0 for any free port
 * @param interval a live edge's window (a simulated one takes the simulation's)
 * @param sources a live edge's real sources; empty for a simulated edge
 * @param rules detector rules per metric: the built-in defaults with {@code detection.rules} on
 *     top (a configured rule for a metric replaces its default)
 * @param thresholds static thresholds: the built-in ones with {@code detection.thresholds} on top
 *     (a configured threshold replaces the built-in one of its name)
 * @param trustedKeys the public keys whose signed models the edge loads ({@code models.trusted-keys});
 *     empty: no pushed models
 * @param runbooks a live edge's runbook directory (its edge-scoped runbooks run locally); null: none.
 *     A simulated edge runs the built-in runbooks.
 * @param actuators how a live edge changes its site (hooks, Kubernetes, commands)
 * @param automation the initial state of the edge's safety switches
 * @param security how the edge's HTTP listeners (OTLP, /metrics) are secured: TLS, bearer tokens,
 *     the OTLP intake's rate limit ({@code http:})
 * @param detectorState how the detectors' learned state is checkpointed and how old a restored one may be
 */
public record EdgeConfig(String site, Path dataDir, BusSettings bus, SimulationSettings simulation,
    Integer metricsPort, Duration interval, SourcesSettings sources, DetectorRules rules, ThresholdRules thresholds,
    List<Path> trustedKeys, Path runbooks, ActuatorSettings actuators, AutomationSettings automation,
    HttpSecurity security, DetectorStateSettings detectorState) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  public EdgeConfig {
    if (site == null) {
      throw new ConfigException("site: required (or pass --site)");
    }
    if (!site.matches("[A-Za-z0-9_.-]+")) {
      throw new ConfigException("site: '" + site + "' must be letters, digits, '.', '_' or '-' (it names a Pulsar namespace)");
    }
    if (dataDir == null) {
      throw new ConfigException("data-dir: required (the edge keeps its outbox and state there)");
    }
    if (bus == null) {
      throw new ConfigException("bus: required");
    }
    if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
      throw new ConfigException("ports.metrics: must be 0..65535, got " + metricsPort);
    }
    interval = interval == null ? DEFAULT_INTERVAL : interval;
    if (interval.toMillis() < 1000 || interval.toMillis() % 1000 != 0) {
      throw new ConfigException("interval: must be whole seconds, at least 1s, got " + interval);
    }
    sources = sources == null ? SourcesSettings.none() : sources;
    rules = rules == null ? DetectorRules.defaults() : DetectorRules.defaults().with(rules);
    ThresholdRules builtIn = ThresholdRules.defaults();
    if (sources != null && sources.bgp() != null) {
      // the flap alarm follows the BGP source's own damping figures
      var d = sources.bgp().dampening();
      builtIn = builtIn.with(ThresholdRules.of(ThresholdRules.bgpFlapSuppress(d.suppress(), d.reuse())));
    }
    thresholds = thresholds == null ? builtIn : builtIn.with(thresholds);
    trustedKeys = trustedKeys == null ? List.of() : List.copyOf(trustedKeys);
    actuators = actuators == null ? ActuatorSettings.none() : actuators;
    automation = automation == null ? AutomationSettings.defaults() : automation;
    security = security == null ? HttpSecurity.NONE : security;
    detectorState = detectorState == null ? DetectorStateSettings.defaults() : detectorState;
    if (simulation != null && (runbooks != null || !actuators.equals(ActuatorSettings.none()))) {
      throw new ConfigException("runbooks, actuators: a simulated edge repairs the simulated cloud with the built-in "
          + "runbooks (remove them or simulation:)");
    }
    if (simulation != null && !sources.isEmpty()) {
      throw new ConfigException("sources: real sources run on the wall clock and cannot be combined with "
          + "simulation: (remove one of them)");
    }
    if (simulation == null && sources.isEmpty()) {
      throw new ConfigException("sources: a live edge (no simulation:) needs at least one of host, scrape, otlp, probes, bgp");
    }
    if (simulation != null && !simulation.spec().siteIds().contains(site)) {
      throw new ConfigException("site: '" + site + "' is not a site of the simulated cloud " + simulation.spec().siteIds());
    }
  }

  public EdgeConfig withSite(String s) {
    return new EdgeConfig(s, dataDir, bus, simulation, metricsPort, interval, sources, rules, thresholds,
        trustedKeys, runbooks, actuators, automation, security, detectorState);
  }

  public EdgeConfig withBus(BusSettings b) {
    return new EdgeConfig(site, dataDir, b, simulation, metricsPort, interval, sources, rules, thresholds,
        trustedKeys, runbooks, actuators, automation, security, detectorState);
  }

  public EdgeConfig withSimulation(SimulationSettings s) {
    return new EdgeConfig(site, dataDir, bus, s, metricsPort, interval, sources, rules, thresholds,
        trustedKeys, runbooks, actuators, automation, security, detectorState);
  }

  /** The directory of this site's outbox, models and state. */
  public Path siteDir() {
    return dataDir.resolve(site);
  }
}
