package io.sextant.alarm;

import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a previous process of the engine left in the store, for {@link AlarmEngine#restore}.
 *
 * @param open the alarms not cleared, as last written (ack state, correlation and counts included)
 * @param lastClears when each alarm key ({@link Alarm#key()}) last cleared, so a late redelivery of
 *     an old episode's event does not raise it again
 * @param detections the stored detections since the oldest open alarm was raised, in time order:
 *     which series still fire into each open alarm
 * @param rootEvidence the evidence resources of each open root-cause alarm's diagnosis, by alarm id
 */
public record Restored(List<Alarm> open, Map<String, Instant> lastClears, List<Detection> detections,
    Map<String, List<String>> rootEvidence) {
  public Restored {
    open = List.copyOf(open);
    lastClears = Map.copyOf(lastClears);
    detections = List.copyOf(detections);
    rootEvidence = Map.copyOf(rootEvidence);
  }
}
