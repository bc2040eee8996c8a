package io.sextant.runbook.load;

/** One error in a runbook file: where ({@code line} 0 when unknown) and why. */
public record Problem(String source, int line, String reason) {
  @Override
  public String toString() {
    return source + (line > 0 ? ":" + line : "") + ": " + reason;
  }
}
