package io.sextant.deploy.lab.netns;

import java.util.Locale;

/** The netns lab's report as the table it prints at the end. */
final class NetnsSummary {
  private NetnsSummary() {}

  static String format(NetnsReport r) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%nWall-clock times from injection (s), %d probes a window per path:%n",
        r.probesPerWindow()));
    b.append(String.format(Locale.ROOT, "  %-10s %-26s %8s %8s %8s %8s %8s %8s%n", "fault", "target", "detect", "locate",
        "protect", "verify", "clear*", "restore*"));
    for (NetnsReport.FaultTimes f : r.faults()) {
      b.append(String.format(Locale.ROOT, "  %-10s %-26s %8s %8s %8s %8s %8s %8s%n", f.id(), f.target(),
          time(f.timeToDetect()), time(f.timeToLocate()), time(f.timeToProtect()), time(f.timeToVerify()),
          time(f.timeToClear()), time(f.timeToRestore())));
    }
    b.append(String.format(Locale.ROOT, "  (* from the fault's end: the link's alarm cleared; the original routing restored and verified)%n"));
    b.append(String.format(Locale.ROOT, "Nothing left rerouted: %s%n", r.leftRerouted().isEmpty() ? "yes"
        : "no " + r.leftRerouted()));
    b.append(String.format(Locale.ROOT, "False alarms: %d%s%n", r.falseAlarms(),
        r.falseAlarmResources().isEmpty() ? "" : " " + r.falseAlarmResources()));
    if (!r.otherDetections().isEmpty()) {
      b.append(String.format(Locale.ROOT, "Other detections (host, scrape; not about the network): %s%n",
          r.otherDetections()));
    }
    return b.toString();
  }

  private static String time(Double s) {
    return s == null ? "-" : String.format(Locale.ROOT, "%.1f", s);
  }
}
