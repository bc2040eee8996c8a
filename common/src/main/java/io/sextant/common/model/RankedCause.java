package io.sextant.common.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One candidate of a diagnosis' root-cause ranking: its place (1 = the diagnosed root), its share
 * of the ranking's confidence and its anomaly (the robust z-score of its strongest metric against
 * its normal behaviour). A ranking travels in a diagnosis' numeric {@code details} under the keys
 * {@code rank:<resource>}, {@code confidence:<resource>} and {@code anomaly:<resource>}, so the
 * wire format and the store stay as they are.
 */
public record RankedCause(int rank, String resource, double confidence, double anomaly) {
  public static final String RANK = "rank:";
  public static final String CONFIDENCE = "confidence:";
  public static final String ANOMALY = "anomaly:";

  /** Writes {@code ranking} into {@code details}. */
  public static void put(List<RankedCause> ranking, Map<String, Double> details) {
    for (RankedCause c : ranking) {
      details.put(RANK + c.resource(), (double) c.rank());
      details.put(CONFIDENCE + c.resource(), c.confidence());
      details.put(ANOMALY + c.resource(), c.anomaly());
    }
  }

  /** The ranking a diagnosis carries, first first; empty when it carries none. */
  public static List<RankedCause> of(Diagnosis d) {
    List<RankedCause> out = new ArrayList<>();
    d.details().forEach((k, v) -> {
      if (k.startsWith(RANK)) {
        String r = k.substring(RANK.length());
        out.add(new RankedCause(v.intValue(), r, d.details().getOrDefault(CONFIDENCE + r, Double.NaN),
            d.details().getOrDefault(ANOMALY + r, Double.NaN)));
      }
    });
    out.sort(Comparator.comparingInt(RankedCause::rank).thenComparing(RankedCause::resource));
    return out;
  }
}
