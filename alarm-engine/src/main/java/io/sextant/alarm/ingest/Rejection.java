package io.sextant.alarm.ingest;

/**
 * Why one posted alert (or the whole body, {@code index} -1) was not taken.
 *
 * @param reason a stable counter name, e.g. {@code label_too_large}
 * @param message names the field and what is wrong with it
 */
public record Rejection(int index, String reason, String message) {}
