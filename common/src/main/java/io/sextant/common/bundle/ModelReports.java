package io.sextant.common.bundle;

import io.sextant.common.model.Detection;
import io.sextant.common.model.Labels;
import java.time.Instant;
import java.util.Optional;

/**
 * How an edge tells the centre that it refused a bundle or rolled a model back: a FIRING
 * {@link Detection} on the detections topic from detector {@value #DETECTOR}, on resource
 * {@code model:<site>/<modelId>}, with the model, version and reason as labels. A detection, not an
 * action event, because nothing was proposed or applied: the edge observed a problem, and the
 * alarm engine turns it into an alarm the NOC sees (a tampered bundle is a security event); the
 * centre's rollout reads the same message to halt a canary.
 */
public final class ModelReports {
  public static final String DETECTOR = "model-guard";
  public static final String REFUSED = "sextant_model_bundle_refused";
  public static final String ROLLED_BACK = "sextant_model_rolled_back";
  public static final String MODEL = "model";
  public static final String VERSION = "version";
  public static final String REASON = "reason";

  /** What a report says, read back at the centre. */
  public record Report(String site, String modelId, long version, boolean refused, String reason, Instant time) {}

  private ModelReports() {}

  public static Detection refused(String site, Instant time, String modelId, long version, String reason) {
    return report(site, time, REFUSED, modelId, version, reason);
  }

  public static Detection rolledBack(String site, Instant time, String modelId, long version, String reason) {
    return report(site, time, ROLLED_BACK, modelId, version, reason);
  }

  private static Detection report(String site, Instant time, String metric, String modelId, long version,
      String reason) {
    String resource = "model:" + site + "/" + modelId;
    return new Detection(null, site, time, DETECTOR, metric, Labels.of("resource", resource, MODEL, modelId, VERSION,
        Long.toString(version), REASON, reason), resource, Detection.State.FIRING, version, 0, 1);
  }

  /** The report a detection carries; empty for any other detection or a malformed report. */
  public static Optional<Report> read(Detection d) {
    if (!DETECTOR.equals(d.detector()) || !(REFUSED.equals(d.metric()) || ROLLED_BACK.equals(d.metric()))) {
      return Optional.empty();
    }
    String model = d.labels().get(MODEL);
    String version = d.labels().get(VERSION);
    if (model == null || version == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Report(d.site(), model, Long.parseLong(version), REFUSED.equals(d.metric()),
          d.labels().getOrDefault(REASON, ""), d.time()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
