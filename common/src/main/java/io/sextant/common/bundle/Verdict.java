package io.sextant.common.bundle;

/** Whether an edge accepts a bundle, and why not when it refuses. */
public record Verdict(boolean accepted, String reason) {
  public static Verdict accept() {
    return new Verdict(true, "accepted");
  }

  public static Verdict refuse(String reason) {
    return new Verdict(false, reason);
  }
}
