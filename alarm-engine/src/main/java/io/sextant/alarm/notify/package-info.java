/**
 * Notification: the {@link io.sextant.alarm.notify.NotificationPipeline} (assembled in one file),
 * routing by label matchers, Alertmanager-style aggregation groups, the {@link
 * io.sextant.alarm.notify.Notifier} stage interface whose {@link io.sextant.alarm.notify.Outcome}
 * says whether to retry, and the {@link io.sextant.alarm.notify.Retrying} stage. Receiver
 * integrations live in sub-packages; silences and inhibition in {@code alarm.silence}.
 */
package io.sextant.alarm.notify;
