/** Alertmanager-compatible webhook receiver (payload version 4), so existing webhook consumers work unchanged. */
package io.sextant.alarm.notify.webhook;
