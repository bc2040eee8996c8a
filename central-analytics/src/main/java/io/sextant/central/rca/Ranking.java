package io.sextant.central.rca;

import java.util.List;

/** The candidates for one symptom, most likely first. */
public record Ranking(Symptom symptom, List<Candidate> candidates) {
  public Ranking {
    candidates = List.copyOf(candidates);
  }

  /** 1-based rank of {@code component}, or 0 when it is not a candidate. */
  public int rankOf(String component) {
    for (int i = 0; i < candidates.size(); i++) {
      if (candidates.get(i).component().equals(component)) {
        return i + 1;
      }
    }
    return 0;
  }

  public List<String> components() {
    return candidates.stream().map(Candidate::component).toList();
  }
}
