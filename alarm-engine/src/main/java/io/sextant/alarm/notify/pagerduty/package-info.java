/** PagerDuty Events API v2 receiver: trigger and resolve, deduplicated by the alarm key. */
package io.sextant.alarm.notify.pagerduty;
