/**
 * The durable outbox between the edge and the bus: messages are kept in a local SQLite file
 * (WAL mode) until the bus has taken them, so a partition or a killed process loses nothing that
 * was acknowledged. Faults go up first: alarms, then events (detections, actions), then raw
 * samples; when the outbox is full or entries are too old, raw samples are dropped first. It does
 * not talk to the bus itself: the caller drains it into a {@link io.sextant.collector.outbox.Sender}
 * (one at a time) or an {@link io.sextant.collector.outbox.AsyncSender} (pipelined, one send in
 * flight per key). It also keeps small named state for the edge ({@link io.sextant.collector.outbox.LocalState})
 * and per-series state, its detectors' checkpoints ({@link io.sextant.collector.outbox.SeriesStateStore}).
 */
package io.sextant.collector.outbox;
