package io.sextant.deploy.demo;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The scored summary of a demo run against the simulated cloud's ground truth; times are in
 * simulated seconds from the fault's injection, null when the step never happened. Mitigated is
 * when the repair action was applied (services moved, traffic rerouted); repaired is when that
 * action was verified against the KPIs that triggered it; restored (faults repaired by a reroute
 * or a scale-out) is when that repair was undone and verified after the fault ended (the original
 * routing back, the replicas given back), null for repairs that are kept, which say why
 * ({@code kept_because}: a migration stays on the healthy node). A fault no built-in runbook
 * repairs (a slow or failing dependency) is scored on detection and location, and says why
 * ({@code no_repair_because}).
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
      @JsonProperty("time_to_restore_s") Double timeToRestore,
      @JsonProperty("kept_because") String keptBecause,
      @JsonProperty("no_repair_because") String noRepairBecause) {

    /** Scored on detection and location alone: no built-in runbook repairs its kind ({@code noRepairBecause}). */
    public boolean repairExpected() {
      return noRepairBecause == null;
    }

    /** Its repair was undone once the fault ended, or is kept on purpose; true when there was no repair. */
    public boolean settled() {
      return !repaired || Boolean.TRUE.equals(restored) || keptBecause != null;
    }
  }

  /** Nothing left behind: no alarm open, every repair undone after its fault (or kept on purpose). */
  public boolean settled() {
    return alarmsLeftOpen == 0 && faults.stream().allMatch(FaultScore::settled);
  }

  /**
   * Every fault detected and located, every fault a runbook repairs repaired within
   * {@code seconds}, and no false alarm.
   */
  public boolean allRepairedWithin(double seconds) {
    return falseAlarms == 0 && !faults.isEmpty() && faults.stream().allMatch(f -> f.detected() && f.locatedCorrectly()
        && (!f.repairExpected() || f.repaired() && f.timeToRepair() != null && f.timeToRepair() <= seconds));
  }
}
