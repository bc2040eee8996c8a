/**
 * Notification policy: which alarm changes deserve their own notification. Delivery (Slack,
 * webhook, retries) is not here.
 */
package io.sextant.alarm.notify;
