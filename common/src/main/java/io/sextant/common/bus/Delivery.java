package io.sextant.common.bus;

/** One delivery of a message to a subscription; {@code attempt} starts at 1. */
public record Delivery(String topic, String key, byte[] payload, int attempt) {}
