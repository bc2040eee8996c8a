package io.sextant.edge.model;

import io.sextant.common.bundle.BundleVerifier;
import io.sextant.common.bundle.ModelBundle;
import io.sextant.common.bundle.SignedBundle;
import io.sextant.common.bundle.Verdict;
import java.util.Optional;
import java.util.Set;

/**
 * The model an edge runs for one model id, with the previous one kept for rollback.
 *
 * <p>{@link #offer} verifies a pushed bundle and installs it only when it is accepted and newer
 * than the current version (a replayed old bundle is refused); the model it replaces becomes the
 * fallback. {@link #observeAnomalyRate} lets the edge roll back by itself: when the new model's
 * anomaly rate exceeds {@code maxRateFactor} times the rate the previous model had, it is judged to
 * misbehave and the previous model is restored. Refusals and rollbacks are counted. Not
 * thread-safe: one owner thread per slot.
 */
public final class ModelSlot {
  private final String modelId;
  private final BundleVerifier verifier;
  private final double maxRateFactor;
  private ModelBundle current;
  private ModelBundle previous;
  private double previousRate = Double.NaN;
  private double currentRate = Double.NaN;
  private long refused;
  private long rollbacks;
  private String lastEvent = "empty";

  public ModelSlot(String modelId, BundleVerifier verifier, double maxRateFactor) {
    if (!(maxRateFactor > 1)) {
      throw new IllegalArgumentException("maxRateFactor must be > 1, got " + maxRateFactor);
    }
    this.modelId = modelId;
    this.verifier = verifier;
    this.maxRateFactor = maxRateFactor;
  }

  public Verdict offer(SignedBundle signed, Set<String> availableInputs) {
    ModelBundle b = signed.bundle();
    Verdict v = !b.modelId().equals(modelId)
        ? Verdict.refuse("bundle is for model '" + b.modelId() + "', this slot runs '" + modelId + "'")
        : verifier.verify(signed, availableInputs);
    if (v.accepted() && current != null && b.version() <= current.version()) {
      v = Verdict.refuse("version " + b.version() + " is not newer than the running " + current.version());
    }
    if (!v.accepted()) {
      refused++;
      lastEvent = "refused v" + b.version() + ": " + v.reason();
      return v;
    }
    previous = current;
    previousRate = currentRate;
    current = b;
    currentRate = Double.NaN;
    lastEvent = "loaded v" + b.version();
    return v;
  }

  /**
   * The running model's anomaly rate over the last period. Returns true when it made the slot roll
   * back to the previous model.
   */
  public boolean observeAnomalyRate(double rate) {
    currentRate = rate;
    if (previous != null && Double.isFinite(previousRate) && rate > maxRateFactor * Math.max(previousRate, 1e-3)) {
      rollback(String.format(java.util.Locale.ROOT, "anomaly rate %.3f > %.1f x %.3f of v%d", rate, maxRateFactor,
          previousRate, previous.version()));
      return true;
    }
    return false;
  }

  /**
   * Judges the running model against the previous one on the same windows (the edge scores both
   * during a probation period): rolls back when the new rate exceeds {@code maxRateFactor} times
   * the previous model's rate (floored at 0.001). Returns true when it rolled back.
   */
  public boolean observeAnomalyRates(double rate, double previousRateOnSameWindows) {
    previousRate = previousRateOnSameWindows;
    return observeAnomalyRate(rate);
  }

  /** Restores the previous model; false when there is none. */
  public boolean rollback(String reason) {
    if (previous == null) {
      return false;
    }
    lastEvent = "rolled back v" + current.version() + " to v" + previous.version() + ": " + reason;
    current = previous;
    currentRate = previousRate;
    previous = null;
    previousRate = Double.NaN;
    rollbacks++;
    return true;
  }

  public Optional<ModelBundle> current() {
    return Optional.ofNullable(current);
  }

  public Optional<ModelBundle> previous() {
    return Optional.ofNullable(previous);
  }

  public long refusedCount() {
    return refused;
  }

  public long rollbackCount() {
    return rollbacks;
  }

  /** What happened last, for logs and the operator. */
  public String lastEvent() {
    return lastEvent;
  }
}
