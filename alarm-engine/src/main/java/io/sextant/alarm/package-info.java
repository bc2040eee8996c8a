/**
 * The alarm engine: turns detections and diagnoses into X.733/TMF642 alarms, keeps one open alarm
 * per (resource, probable cause), groups symptoms under root causes, and takes operator actions
 * (acknowledge, clear, comment). Plain Java; the pipeline stages live in sub-packages
 * ({@code ingest}, {@code raise}, {@code lifecycle}, {@code dedup}, {@code correlate}) and are
 * assembled in {@link io.sextant.alarm.AlarmEngine}; notification ({@code notify}, {@code match},
 * {@code silence}, {@code flap}, {@code escalate}) is assembled in
 * {@link io.sextant.alarm.notify.NotificationPipeline}. Persistence and publishing are not here: the
 * wiring does them in an {@link io.sextant.alarm.AlarmListener}.
 */
package io.sextant.alarm;
