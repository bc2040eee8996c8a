package io.sextant.common.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An alarm as the NOC sees it: X.733 fields plus the TMF642 correlation fields. One alarm exists
 * per (resource, probable cause) while it is not cleared; repeats update {@code count} and
 * {@code time}. {@code source} says which detector, rule or diagnosis raised it.
 */
public record Alarm(
    String id,
    String site,
    Instant time,
    String resource,
    String probableCause,
    String specificProblem,
    EventType eventType,
    Severity perceivedSeverity,
    State state,
    AckState ackState,
    @JsonProperty("isRootCause") boolean rootCause,
    String parentAlarmId,
    List<String> correlatedAlarmIds,
    Instant raisedTime,
    Instant clearedTime,
    int count,
    String source,
    Map<String, String> labels)
    implements Message {

  /** TMF642 alarm state. */
  public enum State {
    RAISED,
    UPDATED,
    CLEARED
  }

  public enum AckState {
    UNACKNOWLEDGED,
    ACKNOWLEDGED
  }

  public Alarm {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(probableCause, "probableCause");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(perceivedSeverity, "perceivedSeverity");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(ackState, "ackState");
    Objects.requireNonNull(raisedTime, "raisedTime");
    correlatedAlarmIds = correlatedAlarmIds == null ? List.of() : List.copyOf(correlatedAlarmIds);
    labels = Labels.copyOf(labels);
  }

  /** This alarm with another list of correlated alarms, everything else the same. */
  public Alarm withCorrelatedAlarmIds(List<String> ids) {
    return relinked(time, ids);
  }

  /** This alarm as a relink leaves it: another time and list of correlated alarms, everything else the same. */
  public Alarm relinked(Instant at, List<String> ids) {
    return new Alarm(id, site, at, resource, probableCause, specificProblem, eventType, perceivedSeverity, state,
        ackState, rootCause, parentAlarmId, ids, raisedTime, clearedTime, count, source, labels);
  }

  /** The dedup key: at most one open alarm per key. */
  public String key() {
    return resource + "|" + probableCause;
  }

  public static String idFor(String resource, String probableCause, Instant raisedTime) {
    return Ids.of("alm", resource, probableCause, Long.toString(raisedTime.toEpochMilli()));
  }

  public boolean cleared() {
    return state == State.CLEARED;
  }
}
