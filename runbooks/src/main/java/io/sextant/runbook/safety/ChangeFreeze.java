package io.sextant.runbook.safety;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A period in which no automated change may touch the matching sites (a release night, a holiday
 * peak). {@code sites} are glob patterns ({@code *} for all).
 */
public record ChangeFreeze(String id, List<String> sites, Instant from, Instant until, String reason) {
  public ChangeFreeze {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(until, "until");
    if (!until.isAfter(from)) {
      throw new IllegalArgumentException("freeze " + id + ": until must be after from");
    }
    sites = sites == null || sites.isEmpty() ? List.of("*") : List.copyOf(sites);
    reason = reason == null ? "" : reason;
  }

  public boolean activeAt(Instant t) {
    return !t.isBefore(from) && t.isBefore(until);
  }
}
