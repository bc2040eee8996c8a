/**
 * The edge's link to the centre in one component ({@link io.sextant.collector.uplink.EdgeUplink}):
 * upload policy, durable outbox, a drain thread with backoff while the bus is down, and the
 * subscription to this site's upload policies. It does not collect or reason: the caller hands it
 * each window's samples and detections and the local repair's audit events.
 */
package io.sextant.collector.uplink;
