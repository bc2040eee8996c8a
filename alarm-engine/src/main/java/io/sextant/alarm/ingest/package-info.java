/**
 * The Alertmanager v2 compatible intake: a JSON array of alerts as Prometheus posts them to
 * {@code POST /api/v2/alerts} becomes detections fed to the {@link io.sextant.alarm.AlarmEngine},
 * so they get the same dedup, lifecycle and correlation as Sextant's own detections. Each alert
 * is validated on its own: a bad one is rejected with a reason and counted, its good neighbours
 * in the same batch are still taken. The body is decoded with a streaming parser straight into
 * each alert's fields, and detection ids are computed without copies: this is the hot path of
 * the intake benchmark (docs/benchmarks-alarms.md). No HTTP here; the controller in
 * {@code alarm.api} delegates.
 */
package io.sextant.alarm.ingest;
