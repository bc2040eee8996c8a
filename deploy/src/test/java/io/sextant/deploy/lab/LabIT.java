package io.sextant.deploy.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed mode end to end with real processes: an embedded PostgreSQL and a Pulsar
 * standalone in this JVM, {@code sextant central} and one {@code sextant edge} per site (central
 * + 3 edge sites) as child JVMs over loopback; the default fault schedule must be detected,
 * located and repaired, scored from what the central store recorded.
 */
class LabIT {

  @Test
  void everyFaultIsDetectedLocatedAndRepairedAcrossProcesses(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Lab.Result result;
    try (Lab lab = new Lab(Lab.Options.defaults(3).withWorkDir(dir))) {
      result = lab.run(new PrintStream(out, true, StandardCharsets.UTF_8));
    }
    String timeline = out.toString(StandardCharsets.UTF_8);
    assertThat(result.report().faults()).as(timeline).hasSize(3).allSatisfy(f -> {
      assertThat(f.detected()).as("%s detected", f.id()).isTrue();
      assertThat(f.locatedCorrectly()).as("%s located", f.id()).isTrue();
      assertThat(f.repaired()).as("%s repaired", f.id()).isTrue();
    });
    assertThat(result.report().falseAlarms()).as("false alarms: %s", result.report().falseAlarmResources()).isZero();
    assertThat(result.samplesStored()).isPositive();
    assertThat(timeline).contains("central process", "4 edge processes ready", "FAULT INJECTED", "DETECTED",
        "ALARM RAISED", "LOCATED", "ACTION APPLIED", "ACTION VERIFIED", "Scored against the ground truth");
  }
}
