package io.sextant.deploy.lab.netns;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What {@code sextant lab --netns --report FILE} writes: the demo's report format (its field names)
 * on the wall clock ({@code "clock": "wall"}), per fault the seconds from injection to detect,
 * locate, protect (the first probe seen on the new path) and verify (the reroute verified on the
 * probes), null when it did not happen; plus false alarms. Detections of other metrics (host,
 * scrape) are listed apart: they are not about the network.
 */
public record NetnsReport(
    String clock,
    @JsonProperty("edge_sites") int edgeSites,
    @JsonProperty("probes_per_window") int probesPerWindow,
    List<FaultTimes> faults,
    @JsonProperty("false_alarms") int falseAlarms,
    @JsonProperty("false_alarm_resources") List<String> falseAlarmResources,
    @JsonProperty("other_detections") List<String> otherDetections) {

  public record FaultTimes(
      String id,
      String kind,
      String target,
      boolean detected,
      @JsonProperty("located_correctly") boolean locatedCorrectly,
      @JsonProperty("protected") boolean isProtected,
      boolean verified,
      @JsonProperty("time_to_detect_s") Double timeToDetect,
      @JsonProperty("time_to_locate_s") Double timeToLocate,
      @JsonProperty("time_to_protect_s") Double timeToProtect,
      @JsonProperty("time_to_verify_s") Double timeToVerify,
      @JsonProperty("repair_action") String repairAction,
      String note) {}

  /** Every fault detected, located and protected within {@code seconds} of injection, and no false alarm. */
  public boolean allProtectedWithin(double seconds) {
    return falseAlarms == 0 && !faults.isEmpty() && faults.stream().allMatch(f -> f.detected() && f.locatedCorrectly()
        && f.isProtected() && f.timeToProtect() != null && f.timeToProtect() <= seconds);
  }
}
