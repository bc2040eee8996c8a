/** CloudEvents 1.0 receiver: one structured-mode JSON event per notification over HTTP. */
package io.sextant.alarm.notify.cloudevents;
