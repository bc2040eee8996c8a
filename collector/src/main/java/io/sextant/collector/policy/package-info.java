/**
 * The upload policy at the edge: which series leave the site raw, only as windowed aggregates,
 * or not at all, and which label values are replaced by keyed hashes first. It sits between the
 * reasoner (which sees everything) and the outbox, and applies to local repair's audit events
 * too. Its open aggregate windows are local state, committed with the window's messages. It does
 * not receive policies from the bus
 * itself ({@code uplink} subscribes and calls {@link io.sextant.collector.policy.UploadPolicyEngine#accept}),
 * and it does not decide anything about detection or repair.
 */
package io.sextant.collector.policy;
