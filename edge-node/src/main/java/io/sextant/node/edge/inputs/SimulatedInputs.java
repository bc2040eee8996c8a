package io.sextant.node.edge.inputs;

import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.collector.source.Source;
import io.sextant.common.action.Actuator;
import io.sextant.node.edge.config.EdgeConfig;
import io.sextant.runbook.load.RunbookLoader;
import io.sextant.runbook.model.Runbook;
import io.sextant.sim.Kpis;
import io.sextant.sim.SimulatedCloud;
import io.sextant.sim.SimulationSettings;
import io.sextant.sim.replica.EdgeState;
import io.sextant.sim.replica.RecordingActuator;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The site's copy of the simulated cloud, on the deployment's shared simulated time. Commands from
 * the centre and local repairs change the copy and are recorded in {@link EdgeState}, so a restart
 * rebuilds the same copy and resumes after the last window it produced; the windows missed while
 * down are produced as fast as the machine goes, before live ones.
 */
final class SimulatedInputs implements EdgeInputs {
  private final SimulationSettings settings;
  private final SimulatedCloud cloud;
  private final EdgeState state;
  private final RecordingActuator actuator;
  private final Source source;
  private final Clock clock;

  SimulatedInputs(EdgeConfig config, Clock wall) throws IOException {
    this.settings = config.simulation();
    this.cloud = settings.cloud();
    Files.createDirectories(config.siteDir());
    this.state = EdgeState.load(config.siteDir().resolve("edge-state.json"));
    state.replay(cloud);
    this.actuator = new RecordingActuator(cloud, state, config.site());
    this.source = new SimulatedSiteSource(cloud, config.site());
    this.clock = settings.clock(wall);
  }

  @Override
  public List<Source> sources() {
    return List.of(source);
  }

  @Override
  public Actuator actuator() {
    return actuator;
  }

  @Override
  public List<Runbook> runbooks() {
    return RunbookLoader.builtIn();
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Duration step() {
    return cloud.spec().step();
  }

  @Override
  public Instant firstWindow() {
    Instant last = state.lastWindow();
    return last == null ? cloud.spec().start().plus(step()) : last.plus(step());
  }

  @Override
  public void windowDone(Instant t) {
    state.windowDone(t);
  }

  @Override
  public Instant lastWindow() {
    return settings.end();
  }

  @Override
  public boolean skipsMissedWindows() {
    return false;
  }

  @Override
  public Set<String> modelInputs() {
    return Kpis.MODEL_INPUTS;
  }

  @Override
  public String describe() {
    return "simulated resume=" + firstWindow() + " changes-replayed=" + state.changeCount();
  }

  @Override
  public void bind(MeterRegistry registry) {}

  @Override
  public void close() {}
}
