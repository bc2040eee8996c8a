package io.sextant.alarm.notify;

import java.util.Objects;

/** The result of one delivery attempt, and whether trying again could help. */
public record Outcome(Status status, String detail) {
  public enum Status {
    DELIVERED,
    /** Transient: the peer was unreachable, overloaded (429) or failed (5xx). */
    RETRY,
    /** Permanent: the peer rejected the request (4xx); sending it again would fail again. */
    FAILED
  }

  public Outcome {
    Objects.requireNonNull(status, "status");
    detail = detail == null ? "" : detail;
  }

  public static Outcome delivered(String detail) {
    return new Outcome(Status.DELIVERED, detail);
  }

  public static Outcome retry(String detail) {
    return new Outcome(Status.RETRY, detail);
  }

  public static Outcome failed(String detail) {
    return new Outcome(Status.FAILED, detail);
  }

  /** The HTTP convention every HTTP receiver shares: 2xx ok, 408/429/5xx transient, other 4xx permanent. */
  public static Outcome ofHttpStatus(int status, String body) {
    String detail = "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + abbreviate(body));
    if (status >= 200 && status < 300) {
      return delivered(detail);
    }
    if (status == 408 || status == 429 || status >= 500) {
      return retry(detail);
    }
    return failed(detail);
  }

  public boolean delivered() {
    return status == Status.DELIVERED;
  }

  public boolean retryable() {
    return status == Status.RETRY;
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s.strip() : s.substring(0, 200).strip() + "…";
  }
}
