package io.sextant.node.edge.inputs;

import io.sextant.actuator.Actuators;
import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.collector.metrics.Meters;
import io.sextant.collector.source.Source;
import io.sextant.common.action.Actuator;
import io.sextant.common.action.UnwiredActuator;
import io.sextant.common.model.ActionEvent;
import io.sextant.node.edge.config.EdgeConfig;
import io.sextant.runbook.load.Problem;
import io.sextant.runbook.load.RunbookLoader;
import io.sextant.runbook.model.Runbook;
import io.sextant.sim.Kpis;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live site: the real sources of {@code sources:} read once per {@code interval} on the wall
 * clock, windows aligned on the epoch. Missed windows are not back-filled (a source cannot be read
 * in the past); what the outbox holds is resent. It acts through the adapters of
 * {@code actuators:} (hooks, Kubernetes, commands; an action no step or route covers is refused
 * with the reason) and runs the edge-scoped runbooks of the {@code runbooks:} directory; a runbook
 * file with an error is left out, logged and counted.
 */
final class LiveInputs implements EdgeInputs {
  private static final Logger log = LoggerFactory.getLogger(LiveInputs.class);
  private final LiveSources live;
  private final Clock clock;
  private final Duration step;
  private final Actuators actuators;
  private final Actuator actuator;
  private final List<Runbook> runbooks;
  private final List<Problem> refused;

  LiveInputs(EdgeConfig config, Clock wall, Consumer<ActionEvent> audit) throws IOException {
    this.live = new LiveSources(config.site(), config.sources(), wall, config.security());
    this.clock = wall;
    this.step = config.interval();
    if (config.runbooks() == null) {
      this.runbooks = List.of();
      this.refused = List.of();
    } else {
      RunbookLoader.Loaded loaded = RunbookLoader.load(config.runbooks());
      this.runbooks = loaded.runbooks();
      this.refused = loaded.problems();
      refused.forEach(p -> log.error("runbook refused: {}", p));
      log.info("site {}: runbooks {} from {}", config.site(), runbooks.stream().map(Runbook::id).toList(),
          config.runbooks());
    }
    try {
      this.actuators = Actuators.open(config.actuators(), config.site(), wall, audit, new UnwiredActuator(null),
          UnwiredActuator::empty);
      this.actuator = new ProbeCommands(actuators.actuator(), live.protection());
    } catch (RuntimeException e) {
      live.close();
      throw e;
    }
  }

  @Override
  public List<Source> sources() {
    return live.sources();
  }

  @Override
  public Actuator actuator() {
    return actuator;
  }

  @Override
  public List<Runbook> runbooks() {
    return runbooks;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Duration step() {
    return step;
  }

  @Override
  public Instant firstWindow() {
    long ms = step.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(clock.millis(), ms) * ms + ms);
  }

  @Override
  public void windowDone(Instant t) {}

  @Override
  public Instant lastWindow() {
    return null;
  }

  @Override
  public boolean skipsMissedWindows() {
    return true;
  }

  @Override
  public Set<String> modelInputs() {
    // A live site's host and scraped series have no model family; its probe mesh does.
    return live.hasProbes() ? Kpis.PROBE_METRICS : Set.of();
  }

  @Override
  public String describe() {
    return "live interval=" + step.toSeconds() + "s"
        + (live.otlpPort() < 0 ? "" : " otlp=" + live.otlpPort())
        + (live.responderAddress() == null ? "" : " probe-udp=" + live.responderAddress().getPort())
        + " runbooks=" + runbooks.size() + (refused.isEmpty() ? "" : " runbooks-refused=" + refused.size())
        + (actuators.callbackPort() < 0 ? "" : " callbacks=" + actuators.callbackPort());
  }

  @Override
  public void bind(MeterRegistry registry) {
    live.bind(registry);
    Meters.gauge(registry, "sextant_edge_runbooks_refused", "Runbook files left out for an error (logged at start).",
        refused, List::size);
    var counters = actuators.counters();
    counters.onReason(reason -> Meters.counter(registry, "sextant_edge_actuator_events_total",
        "Adapter refusals, failures and callbacks by reason.", counters, c -> c.get(reason), "reason", reason));
  }

  /** The adapters' counters (refusals, failures, callbacks), for tests and metrics. */
  Actuators actuators() {
    return actuators;
  }

  @Override
  public void close() {
    actuators.close();
    live.close();
  }
}
