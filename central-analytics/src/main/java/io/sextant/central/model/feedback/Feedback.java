package io.sextant.central.model.feedback;

import io.sextant.common.model.Alarm;
import io.sextant.store.registry.FeedbackLabel;
import io.sextant.store.registry.LabelTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Turns what operators and incident reviews say into labels for the next training. An alarm marked
 * false becomes a NORMAL label on its resource over the alarm's life (from a little before it was
 * raised, since a detector fires after the first anomalous windows, to its clear or now); a
 * reviewed incident becomes a FAULT label with its cause.
 */
public final class Feedback {
  /** Labelled time before an alarm's raise: covers the windows a detector needed before firing. */
  public static final Duration DEFAULT_LEAD = Duration.ofMinutes(1);

  private final LabelTable labels;
  private final Clock clock;
  private final Duration lead;

  public Feedback(LabelTable labels, Clock clock) {
    this(labels, clock, DEFAULT_LEAD);
  }

  public Feedback(LabelTable labels, Clock clock, Duration lead) {
    this.labels = labels;
    this.clock = clock;
    this.lead = lead;
  }

  public FeedbackLabel falseAlarm(Alarm alarm, String by, String note) {
    requireBy(by);
    Instant from = alarm.raisedTime().minus(lead);
    Instant to = alarm.clearedTime() != null ? alarm.clearedTime() : clock.instant();
    if (!to.isAfter(alarm.raisedTime())) {
      to = alarm.raisedTime().plusSeconds(1);
    }
    FeedbackLabel l = FeedbackLabel.normal(alarm.site(), alarm.resource(), from, to, "operator:" + by,
        note == null || note.isBlank() ? "false alarm " + alarm.id() : note + " (alarm " + alarm.id() + ")");
    labels.add(l);
    return l;
  }

  public FeedbackLabel incident(String site, String resource, Instant from, Instant to, String cause, String by) {
    requireBy(by);
    FeedbackLabel l = FeedbackLabel.fault(site, resource, from, to, cause, "operator:" + by);
    labels.add(l);
    return l;
  }

  /** Labels from another source (the simulated cloud's ground truth in the demo); returns how many were new. */
  public int record(List<FeedbackLabel> batch) {
    return labels.addAll(batch);
  }

  private static void requireBy(String by) {
    if (by == null || by.isBlank()) {
      throw new IllegalArgumentException("feedback needs who gives it ('by')");
    }
  }
}
