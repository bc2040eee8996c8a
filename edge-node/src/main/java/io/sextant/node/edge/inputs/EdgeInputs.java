package io.sextant.node.edge.inputs;

import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.collector.source.Source;
import io.sextant.common.action.Actuator;
import io.sextant.common.model.ActionEvent;
import io.sextant.node.edge.config.EdgeConfig;
import io.sextant.runbook.model.Runbook;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What an edge node reads and acts on: a live site ({@link LiveInputs}: host, scrape, OTLP, probe
 * mesh on the wall clock) or its copy of the simulated cloud ({@link SimulatedInputs}: on the
 * deployment's shared simulated time). The node is the same code either way; this interface is
 * the only place the two differ.
 */
public interface EdgeInputs extends AutoCloseable {
  /**
   * The live site's inputs, or the simulated ones when the configuration has {@code simulation:}.
   *
   * @param audit the edge's audit sink (its uplink): a live site's adapters write every call there
   */
  static EdgeInputs open(EdgeConfig config, Clock wall, Consumer<ActionEvent> audit) throws IOException {
    return config.simulation() != null ? new SimulatedInputs(config, wall) : new LiveInputs(config, wall, audit);
  }

  /** The sources the collector reads each window, in order. */
  List<Source> sources();

  /** What local repair and the centre's commands act on. */
  Actuator actuator();

  /** The runbooks local repair runs. */
  List<Runbook> runbooks();

  /** The time windows are stamped and paced with. */
  Clock clock();

  /** The window length. */
  Duration step();

  /** The end of the first window to produce (after a restart: the one after the last produced). */
  Instant firstWindow();

  /** The window ending at {@code t} is committed to the outbox. */
  void windowDone(Instant t);

  /** The last window to produce, or null to produce until stopped. */
  Instant lastWindow();

  /**
   * Whether windows the node fell behind on are skipped. A live source cannot be read in the past;
   * a simulated one is, and the node catches up as fast as the machine goes.
   */
  boolean skipsMissedWindows();

  /** The metric names this site collects that a pushed model may read. */
  Set<String> modelInputs();

  /** One line for the ready message: the mode and its particulars. */
  String describe();

  /** The inputs' own counters on the edge's {@code /metrics}. */
  void bind(MeterRegistry registry);

  @Override
  void close();
}
