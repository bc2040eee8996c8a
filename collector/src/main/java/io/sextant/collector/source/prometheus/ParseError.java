package io.sextant.collector.source.prometheus;

/** A rejected exposition line: 1-based line number, why, and the line (cut to 200 characters). */
public record ParseError(int line, String reason, String text) {
  @Override
  public String toString() {
    return "line " + line + ": " + reason + ": " + text;
  }
}
