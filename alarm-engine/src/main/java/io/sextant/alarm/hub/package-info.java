/**
 * TMF642's event hub: listeners registered by URL receive every alarm change. Delivery is
 * asynchronous and bounded per listener, so a slow listener never holds up the engine; undelivered
 * events are counted, and the alarm history in the store is the record.
 */
package io.sextant.alarm.hub;
