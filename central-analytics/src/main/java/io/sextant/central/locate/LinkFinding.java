package io.sextant.central.locate;

import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A link the localizer blames for packet loss.
 *
 * @param linkId the blamed link; when {@code alternatives} is not empty, the smallest id of the
 *     indistinguishable group
 * @param estimatedLoss estimated loss ratio of the link alone, in [0, 1)
 * @param confidence in [0, 1]; lowered by inconsistent paths, a close runner-up and alternatives
 * @param explainedPaths ids of the bad paths this finding accounts for
 * @param alternatives other links crossed by exactly the same paths, which the evidence cannot
 *     tell apart from {@code linkId}
 */
public record LinkFinding(
    String linkId,
    double estimatedLoss,
    double confidence,
    List<String> explainedPaths,
    List<String> alternatives) {

  /** The {@link Diagnosis#locator()} of diagnoses made from findings. */
  public static final String LOCATOR = "link-localizer";

  public LinkFinding {
    Objects.requireNonNull(linkId, "linkId");
    if (!(estimatedLoss >= 0 && estimatedLoss < 1)) {
      throw new IllegalArgumentException("estimatedLoss must be in [0,1), got " + estimatedLoss);
    }
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be in [0,1], got " + confidence);
    }
    explainedPaths = List.copyOf(explainedPaths);
    alternatives = List.copyOf(alternatives);
  }

  /**
   * This finding as a {@code LINK_LOSS} diagnosis of {@code link:<id>}, its evidence the explained
   * paths as {@code path:<id>} resources; {@code details} carries the estimated loss and the
   * number of alternatives (a diagnosis holds numbers only, so their ids stay in the finding).
   */
  public Diagnosis toDiagnosis(String site, Instant time) {
    return new Diagnosis(
        null,
        site,
        time,
        FaultKind.LINK_LOSS,
        "link:" + linkId,
        confidence,
        explainedPaths.stream().map(p -> "path:" + p).toList(),
        Map.of("estimatedLoss", estimatedLoss, "alternatives", (double) alternatives.size()),
        LOCATOR);
  }
}
