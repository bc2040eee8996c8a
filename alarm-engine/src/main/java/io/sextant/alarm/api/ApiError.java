package io.sextant.alarm.api;

import io.micronaut.serde.annotation.Serdeable;

/** Every error answer: the HTTP status and a message that names what was wrong. */
@Serdeable
public record ApiError(int status, String message) {}
