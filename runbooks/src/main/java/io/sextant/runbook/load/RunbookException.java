package io.sextant.runbook.load;

import java.util.List;
import java.util.stream.Collectors;

/** A runbook that cannot be used; each problem names the file, the line and the reason. */
public class RunbookException extends RuntimeException {
  private final List<Problem> problems;

  public RunbookException(String message) {
    this(List.of(new Problem("", 0, message)), null);
  }

  public RunbookException(String message, Throwable cause) {
    this(List.of(new Problem("", 0, message)), cause);
  }

  public RunbookException(List<Problem> problems, Throwable cause) {
    super(problems.stream().map(p -> p.source().isEmpty() ? p.reason() : p.toString())
        .collect(Collectors.joining("; ")), cause);
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
