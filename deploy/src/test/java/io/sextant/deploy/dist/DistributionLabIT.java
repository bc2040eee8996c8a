package io.sextant.deploy.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.codec.JsonCodec;
import io.sextant.deploy.dist.Distribution.Proc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's distributed mode from the packaged launcher: {@code bin/sextant lab --sites 3} with
 * its own broker and PostgreSQL, a centre and four edges as processes; every fault handled, no
 * false alarm. Its own class (and unpacked archive) so that it runs beside {@link DistributionIT}'s
 * cases in another test JVM: it is the longest test of the suite.
 */
class DistributionLabIT {

  /** README: {@code sextant lab --sites 3}, its own broker and PostgreSQL, a centre and three edges as processes. */
  @Test
  void theLabHandlesEveryFaultAcrossProcesses() throws Exception {
    try (Distribution dist = Distribution.unpack()) {
      Path report = dist.root.resolve("lab-report.json");
      Proc lab = dist.start("lab", "lab", "--sites", "3", "--report", report.toString(), "--work-dir",
          dist.root.resolve("lab").toString());
      assertThat(lab.process.waitFor(15, TimeUnit.MINUTES)).as("lab finished").isTrue();
      String timeline = lab.output();
      assertThat(lab.process.exitValue()).as(lab.tail(60)).isZero();
      DistributionIT.assertHandled(JsonCodec.get().mapper().readTree(Files.readAllBytes(report)), lab);
      // LabIT's checks, now on the packaged launcher: the processes, and the timeline's stages.
      assertThat(timeline).contains("central process", "4 edge processes ready", "FAULT INJECTED", "DETECTED",
          "ALARM RAISED", "LOCATED", "ACTION APPLIED", "ACTION VERIFIED", "Scored against the ground truth");
      assertThat(timeline).containsPattern("\\n  [1-9][0-9]* samples stored");
    }
  }
}
