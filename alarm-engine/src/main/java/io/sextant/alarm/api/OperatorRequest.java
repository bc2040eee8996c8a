package io.sextant.alarm.api;

import io.micronaut.serde.annotation.Serdeable;

/** Body of ack, unack and clear: who does it. */
@Serdeable
public record OperatorRequest(String userId) {

  /** The user, or {@link IllegalArgumentException} naming the body field (answered with 400). */
  String by() {
    return Bodies.required("userId", userId);
  }
}
