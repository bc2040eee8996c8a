package io.sextant.collector.policy;

import io.sextant.common.model.Detection;
import io.sextant.common.model.Sample;
import java.util.List;
import java.util.Map;

/**
 * What one window may send to the centre after the upload policy: samples (raw and aggregates)
 * and detections, plus the policy's local state that changed with this window (the open
 * aggregate windows), to be committed in the same outbox transaction as the messages.
 */
public record Upload(List<Sample> samples, List<Detection> detections, Map<String, byte[]> state) {
  public Upload {
    samples = List.copyOf(samples);
    detections = List.copyOf(detections);
    state = Map.copyOf(state);
  }

  public Upload(List<Sample> samples, List<Detection> detections) {
    this(samples, detections, Map.of());
  }
}
