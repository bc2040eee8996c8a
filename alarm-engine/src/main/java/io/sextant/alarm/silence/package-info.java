/**
 * What keeps a notification quiet on purpose: silences (one-off, by label matchers), maintenance
 * windows (one-off or recurring in a time zone) and inhibition rules (a firing source alarm
 * mutes matching targets that share the {@code equal} labels). Each answer names the silence,
 * window or rule, so a suppressed notification is always explainable. Alarms themselves are
 * never changed: suppression only affects notification.
 */
package io.sextant.alarm.silence;
