package io.sextant.deploy.lab.netns;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What {@code sextant lab --netns --report FILE} writes: the demo's report format (its field names)
 * on the wall clock ({@code "clock": "wall"}), per fault the seconds from injection to detect,
 * locate, protect (the first probe seen on the new path) and verify (the reroute verified on the
 * probes), null when it did not happen; from the fault's end, the link's alarm cleared (negative:
 * cleared while the link was still lossy) and the restore (the centre's restore of the healed link
 * verified); plus false alarms, and what was still rerouted when the lab ended.
 * Detections of other metrics (host, scrape) are listed apart: they are not about the network.
 */
public record NetnsReport(
    String clock,
    @JsonProperty("edge_sites") int edgeSites,
    @JsonProperty("probes_per_window") int probesPerWindow,
    List<FaultTimes> faults,
    @JsonProperty("false_alarms") int falseAlarms,
    @JsonProperty("false_alarm_resources") List<String> falseAlarmResources,
    @JsonProperty("other_detections") List<String> otherDetections,
    @JsonProperty("left_rerouted") List<String> leftRerouted) {

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
      @JsonProperty("time_to_clear_s") Double timeToClear,
      @JsonProperty("time_to_restore_s") Double timeToRestore,
      @JsonProperty("repair_action") String repairAction,
      String note) {}

  /**
   * Nothing left behind: the network has its original routing back (no route map of Sextant's on
   * pop-1, every site on its pop-1 link), and every lossy link or oscillating session that was
   * rerouted was restored, its alarm not cleared before the fault ended.
   */
  public boolean nothingLeftBehind() {
    return leftRerouted.isEmpty() && faults.stream()
        .filter(f -> (f.kind().equals(NetnsFault.Kind.LOSS.name()) || f.kind().equals(NetnsFault.Kind.BGP_OSCILLATION.name()))
            && f.repairAction() != null)
        .allMatch(f -> f.timeToRestore() != null && (f.timeToClear() == null || f.timeToClear() >= 0));
  }

  /** Every fault detected, located and protected within {@code seconds} of injection, and no false alarm. */
  public boolean allProtectedWithin(double seconds) {
    return falseAlarms == 0 && !faults.isEmpty() && faults.stream().allMatch(f -> f.detected() && f.locatedCorrectly()
        && f.isProtected() && f.timeToProtect() != null && f.timeToProtect() <= seconds);
  }
}
