package io.sextant.deploy.demo;

import java.util.Locale;

/** The human-readable scored summary printed at the end of a demo. */
public final class Summary {
  private Summary() {}

  public static String format(DemoReport r, long samplesStored, double wallSeconds) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Scored against the ground truth (seed %d, %d edge sites):%n", r.seed(),
        r.edgeSites()));
    sb.append(String.format(Locale.ROOT, "  %-18s %-30s %-8s %-8s %-8s %8s %8s %8s %8s%n", "fault", "target",
        "detected", "located", "repaired", "detect", "locate", "mitigate", "repair"));
    for (DemoReport.FaultScore f : r.faults()) {
      sb.append(String.format(Locale.ROOT, "  %-18s %-30s %-8s %-8s %-8s %8s %8s %8s %8s%n", f.kind(), f.target(),
          yes(f.detected()), yes(f.locatedCorrectly()), yes(f.repaired()), secs(f.timeToDetect()),
          secs(f.timeToLocate()), secs(f.timeToMitigate()), secs(f.timeToRepair())));
    }
    sb.append("  (seconds of simulated time from injection; mitigate = action applied, repair = action verified)\n");
    for (DemoReport.FaultScore f : r.faults()) {
      if (f.restored() != null) {
        String undone = f.repairAction() != null && f.repairAction().startsWith("SCALE_OUT")
            ? "replicas given back after the load went" : "original routing restored after the link healed";
        sb.append(String.format(Locale.ROOT, "  %s on %s: %s: %s%s%n", f.kind(), f.target(), undone,
            yes(f.restored()), f.timeToRestore() == null ? ""
                : String.format(Locale.ROOT, " (%.0fs after injection)", f.timeToRestore())));
      } else if (f.keptBecause() != null) {
        sb.append(String.format(Locale.ROOT, "  %s on %s: repair kept: %s%n", f.kind(), f.target(), f.keptBecause()));
      } else if (!f.repairExpected()) {
        sb.append(String.format(Locale.ROOT, "  %s on %s: located, not repaired: %s%n", f.kind(), f.target(),
            f.noRepairBecause()));
      }
    }
    sb.append(String.format(Locale.ROOT, "  alarms left open at the end: %d%s%n", r.alarmsLeftOpen(),
        r.alarmsLeftOpenResources().isEmpty() ? "" : " " + r.alarmsLeftOpenResources()));
    sb.append(String.format(Locale.ROOT, "  nothing left behind (no alarm open, every repair undone or kept on purpose): %s%n",
        r.settled() ? "YES" : "NO"));
    sb.append(String.format(Locale.ROOT, "  false alarms: %d%s%n", r.falseAlarms(),
        r.falseAlarmResources().isEmpty() ? "" : " " + r.falseAlarmResources()));
    sb.append(String.format(Locale.ROOT, "  every fault detected and located, every one a runbook repairs repaired within 60 s, no false alarm: %s%n",
        r.allRepairedWithin(60) ? "YES" : "NO"));
    sb.append(String.format(Locale.ROOT, "  %d samples stored; %.1f s wall time%n", samplesStored, wallSeconds));
    return sb.toString();
  }

  private static String yes(boolean b) {
    return b ? "yes" : "NO";
  }

  private static String secs(Double s) {
    return s == null ? "-" : String.format(Locale.ROOT, "%.0fs", s);
  }
}
