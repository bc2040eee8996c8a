/** Slack incoming-webhook receiver: one message per notification, an attachment per alarm. */
package io.sextant.alarm.notify.slack;
