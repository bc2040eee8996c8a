package io.sextant.common.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A located fault: which resource is the cause, how sure the locator is, and the evidence (the
 * symptom resources it explains). {@code details} carries numeric findings such as the estimated
 * loss ratio of a link.
 */
public record Diagnosis(
    String id,
    String site,
    Instant time,
    FaultKind kind,
    String target,
    double confidence,
    List<String> evidence,
    Map<String, Double> details,
    String locator)
    implements Message {

  public Diagnosis {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(locator, "locator");
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be in [0,1], got " + confidence);
    }
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
    details = details == null ? Map.of() : Map.copyOf(details);
    if (id == null) {
      id = Ids.of("dia", kind.name(), target, Long.toString(time.toEpochMilli()));
    }
  }
}
