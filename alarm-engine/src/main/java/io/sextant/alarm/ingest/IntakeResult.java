package io.sextant.alarm.ingest;

import java.util.List;

/** What one posted batch did: how many alerts were taken, and every rejection. */
public record IntakeResult(int accepted, List<Rejection> rejected) {
  public IntakeResult {
    rejected = List.copyOf(rejected);
  }

  public boolean ok() {
    return rejected.isEmpty();
  }
}
