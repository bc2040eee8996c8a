package io.sextant.store.registry;

import java.time.Instant;

/** The live version of a model and whether it is pinned (then scheduled training does not replace it). */
public record Channel(String modelId, long version, boolean pinned, Instant changedAt) {}
