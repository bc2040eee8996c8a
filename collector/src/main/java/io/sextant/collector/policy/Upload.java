package io.sextant.collector.policy;

import io.sextant.common.model.Detection;
import io.sextant.common.model.Sample;
import java.util.List;

/** What one window may send to the centre after the upload policy: samples (raw and aggregates) and detections. */
public record Upload(List<Sample> samples, List<Detection> detections) {
  public Upload {
    samples = List.copyOf(samples);
    detections = List.copyOf(detections);
  }
}
