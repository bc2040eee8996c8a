package io.sextant.central.model.release;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One model version on its way to sites. States: {@link State#CANARY} (only the canary sites have
 * it) → {@link State#COMPLETE} once they stayed healthy for the period, or → {@link State#HALTED}
 * when one of them reported a refusal or a rollback of this version; ALL and SITES plans start
 * COMPLETE with every target as the first wave. The transitions are all in {@link #next}. Not
 * thread-safe: {@link Rollouts} guards it.
 */
public final class Rollout {
  public enum State {
    CANARY,
    COMPLETE,
    HALTED
  }

  /** What moved the rollout on. */
  public enum Event {
    TICK,
    CANARY_PROBLEM
  }

  private final String modelId;
  private final long version;
  private final List<String> canarySites;
  private final List<String> remainingSites;
  private final Instant startedAt;
  private final Duration healthyFor;
  private State state;
  private String detail;

  Rollout(String modelId, long version, List<String> canarySites, List<String> remainingSites, Instant startedAt,
      Duration healthyFor, State state) {
    this.modelId = Objects.requireNonNull(modelId);
    this.version = version;
    this.canarySites = List.copyOf(canarySites);
    this.remainingSites = List.copyOf(remainingSites);
    this.startedAt = startedAt;
    this.healthyFor = healthyFor;
    this.state = state;
    this.detail = state == State.CANARY ? "canary on " + canarySites : "released to " + canarySites;
  }

  /**
   * Applies one event; returns true when the state changed. A CANARY_PROBLEM counts only from a
   * canary site; TICK completes the canary once {@code healthyFor} has passed since the start.
   */
  boolean next(Event event, Instant now, String site, String reason) {
    if (state != State.CANARY) {
      return false;
    }
    switch (event) {
      case CANARY_PROBLEM -> {
        if (!canarySites.contains(site)) {
          return false;
        }
        state = State.HALTED;
        detail = "halted: canary " + site + " reported: " + reason;
        return true;
      }
      case TICK -> {
        if (now.isBefore(startedAt.plus(healthyFor))) {
          return false;
        }
        state = State.COMPLETE;
        detail = "canary healthy for " + healthyFor + "; released to " + remainingSites;
        return true;
      }
      default -> throw new IllegalStateException("unknown event " + event);
    }
  }

  public String modelId() {
    return modelId;
  }

  public long version() {
    return version;
  }

  public State state() {
    return state;
  }

  public List<String> canarySites() {
    return canarySites;
  }

  public List<String> remainingSites() {
    return remainingSites;
  }

  /** Every site that has been sent this version so far. */
  public List<String> releasedSites() {
    List<String> out = new ArrayList<>(canarySites);
    if (state == State.COMPLETE) {
      out.addAll(remainingSites);
    }
    return out;
  }

  public String detail() {
    return detail;
  }

  @Override
  public String toString() {
    return modelId + " v" + version + " " + state + " (" + detail + ")";
  }
}
