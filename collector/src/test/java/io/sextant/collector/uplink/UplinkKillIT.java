package io.sextant.collector.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.collector.outbox.Outbox;
import io.sextant.collector.outbox.OutboxConfig;
import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM runs an edge uplink that aggregates and is killed with SIGKILL while it is in the
 * middle of aggregate windows; a second child on the same outbox file resumes and runs on. What
 * the outbox then holds must be exactly what one uninterrupted run over the same windows gives:
 * every window's batch once, every aggregate once and with the values of all its points.
 */
class UplinkKillIT {
  static final int KILL_AFTER = 200;
  static final int WINDOWS_AFTER_RESTART = 55;
  @TempDir Path dir;

  @Test
  void aggregatesAfterAKillAndARestartAreThoseOfAnUninterruptedRun() throws Exception {
    Path file = dir.resolve("outbox.db");
    Process first = child(file);
    long lastAck = -1;
    try (BufferedReader out = reader(first)) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          lastAck = Long.parseLong(line.substring(4));
          if (lastAck >= KILL_AFTER) {
            first.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no close()
            break;
          }
        }
      }
    } finally {
      first.destroyForcibly();
      assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(first.exitValue()).isEqualTo(137);

    Process second = child(file, Integer.toString(WINDOWS_AFTER_RESTART));
    long from = -1;
    long end = -1;
    try (BufferedReader out = reader(second)) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("START ")) {
          from = Long.parseLong(line.substring(6));
        } else if (line.startsWith("END ")) {
          end = Long.parseLong(line.substring(4));
        }
      }
    } finally {
      assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(second.exitValue()).isZero();
    // Every acknowledged window was committed, so the restart resumes after it (or later: a
    // window committed but not yet acknowledged when the kill came).
    assertThat(from).isGreaterThanOrEqualTo(lastAck);
    assertThat(end).isEqualTo(from + WINDOWS_AFTER_RESTART);

    List<SampleBatch> restarted;
    try (Outbox box = new Outbox(OutboxConfig.defaults(file), Clock.systemUTC())) {
      restarted = UplinkChild.drainAll(box);
    }
    List<SampleBatch> straight;
    try (MessageBus bus = new MessageBus(new InProcessBus());
        EdgeUplink up = UplinkChild.open(bus, dir.resolve("reference.db"))) {
      for (long i = 1; i <= end; i++) {
        up.window(UplinkChild.T0.plusSeconds(i), UplinkChild.samples(i), List.of());
      }
      straight = UplinkChild.drainAll(up.outbox());
    }

    // One batch per window, 1..end, none twice and none missing.
    assertThat(restarted).extracting(b -> b.time().getEpochSecond() - UplinkChild.T0.getEpochSecond())
        .containsExactlyElementsOf(straight.stream().map(b -> b.time().getEpochSecond()
            - UplinkChild.T0.getEpochSecond()).toList())
        .hasSize((int) end);
    List<Sample> aggregates = aggregates(restarted);
    assertThat(aggregates).hasSize((int) (end / 10) * 3 * 5)
        .containsExactlyElementsOf(aggregates(straight));
    assertThat(aggregates).extracting(Sample::id).doesNotHaveDuplicates();
  }

  static List<Sample> aggregates(List<SampleBatch> batches) {
    return batches.stream().flatMap(b -> b.samples().stream()).filter(s -> s.metric().contains(":"))
        .sorted(Comparator.comparing(Sample::time).thenComparing(Sample::metric)
            .thenComparing(s -> s.labels().toString()))
        .toList();
  }

  static Process child(Path file, String... more) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
        UplinkChild.class.getName(), file.toString()));
    cmd.addAll(List.of(more));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  static BufferedReader reader(Process p) {
    return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
  }
}
