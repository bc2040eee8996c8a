package io.sextant.node.edge.inputs;

import io.sextant.collector.metrics.MetricsRegistry;
import io.sextant.collector.source.Source;
import io.sextant.common.action.Actuator;
import io.sextant.common.action.UnwiredActuator;
import io.sextant.node.edge.config.EdgeConfig;
import io.sextant.runbook.model.Runbook;
import io.sextant.sim.Kpis;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A live site: the real sources of {@code sources:} read once per {@code interval} on the wall
 * clock, windows aligned on the epoch. Missed windows are not back-filled (a source cannot be read
 * in the past); what the outbox holds is resent. No infrastructure adapter is wired yet, so every
 * action is refused with the reason ({@link UnwiredActuator}) and no edge runbook runs.
 */
final class LiveInputs implements EdgeInputs {
  private final LiveSources live;
  private final Clock clock;
  private final Duration step;
  private final Actuator actuator = new UnwiredActuator(null);

  LiveInputs(EdgeConfig config, Clock wall) throws IOException {
    this.live = new LiveSources(config.site(), config.sources(), wall);
    this.clock = wall;
    this.step = config.interval();
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
    return List.of();
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
        + (live.responderAddress() == null ? "" : " probe-udp=" + live.responderAddress().getPort());
  }

  @Override
  public void bind(MetricsRegistry registry) {
    live.bind(registry);
  }

  @Override
  public void close() {
    live.close();
  }
}
