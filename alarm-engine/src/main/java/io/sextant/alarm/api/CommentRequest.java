package io.sextant.alarm.api;

import io.micronaut.serde.annotation.Serdeable;

/** Body of a comment, in TMF642's Comment field names. */
@Serdeable
public record CommentRequest(String userId, String comment) {

  String by() {
    return Bodies.required("userId", userId);
  }

  String text() {
    return Bodies.required("comment", comment);
  }
}
