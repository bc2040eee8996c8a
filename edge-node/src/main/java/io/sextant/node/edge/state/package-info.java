/**
 * The edge's detectors' learned state across restarts: restored from the edge's SQLite file before
 * the first window, checkpointed there every {@code detection.checkpoint-interval} of window time
 * and at stop. The records' format is the reasoner's ({@code DetectorStates}), the table the
 * collector's ({@code SeriesStateStore}); this package only joins them, on the node's clock.
 */
package io.sextant.node.edge.state;
