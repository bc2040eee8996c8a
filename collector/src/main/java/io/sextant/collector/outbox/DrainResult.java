package io.sextant.collector.outbox;

/**
 * What one drain did: {@code sent} entries were removed, {@code failed} sends threw (their keys
 * were held back), {@code heldBack} entries were skipped because an earlier entry of their key
 * failed, {@code undecodable} entries could not be read back and were dropped.
 */
public record DrainResult(int sent, int failed, int heldBack, int undecodable) {}
