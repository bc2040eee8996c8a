package io.sextant.collector.source.prometheus;

import java.util.List;

/** What one exposition held: the good samples and the lines that were rejected. */
public record ParseResult(List<ParsedSample> samples, List<ParseError> errors) {
  public ParseResult {
    samples = List.copyOf(samples);
    errors = List.copyOf(errors);
  }
}
