package io.sextant.deploy.demo;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The scored summary of a demo run against the simulated cloud's ground truth; times are in
 * simulated seconds from the fault's injection, null when the step never happened. Mitigated is
 * when the repair action was applied (services moved, traffic rerouted); repaired is when that
 * action was verified against the KPIs that triggered it; restored (faults repaired by a reroute)
 * is when the reroute was undone and verified after the link healed, null for other repairs.
 * Alarms left open are those still open when the run ended, after every fault had ended.
 */
public record DemoReport(
    long seed,
    @JsonProperty("edge_sites") int edgeSites,
    List<FaultScore> faults,
    @JsonProperty("false_alarms") int falseAlarms,
    @JsonProperty("false_alarm_resources") List<String> falseAlarmResources,
    @JsonProperty("alarms_left_open") int alarmsLeftOpen,
    @JsonProperty("alarms_left_open_resources") List<String> alarmsLeftOpenResources) {

  public record FaultScore(
      String id,
      String kind,
      String target,
      boolean detected,
      @JsonProperty("located_correctly") boolean locatedCorrectly,
      boolean repaired,
      @JsonProperty("time_to_detect_s") Double timeToDetect,
      @JsonProperty("time_to_locate_s") Double timeToLocate,
      @JsonProperty("time_to_mitigate_s") Double timeToMitigate,
      @JsonProperty("time_to_repair_s") Double timeToRepair,
      @JsonProperty("repair_action") String repairAction,
      Boolean restored,
      @JsonProperty("time_to_restore_s") Double timeToRestore) {}

  /** Every fault detected, located and repaired within {@code seconds}, and no false alarm. */
  public boolean allRepairedWithin(double seconds) {
    return falseAlarms == 0 && !faults.isEmpty() && faults.stream().allMatch(f -> f.detected() && f.locatedCorrectly()
        && f.repaired() && f.timeToRepair() != null && f.timeToRepair() <= seconds);
  }
}
