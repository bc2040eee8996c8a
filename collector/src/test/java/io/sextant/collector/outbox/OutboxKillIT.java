package io.sextant.collector.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Message;
import io.sextant.common.model.SampleBatch;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM appends to the outbox and is killed with SIGKILL in mid-stream; a new outbox on the
 * same file must then drain every acknowledged append, each exactly once and in order.
 */
class OutboxKillIT {
  static final int KILL_AFTER = 3000;
  @TempDir Path dir;

  @Test
  void everyAcknowledgedAppendSurvivesSigkillExactlyOnceInOrder() throws Exception {
    Path file = dir.resolve("outbox.db");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
        OutboxChild.class.getName(), file.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    long lastAck = -1;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          lastAck = Long.parseLong(line.substring(4));
          if (lastAck >= KILL_AFTER) {
            child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no close()
            break;
          }
        }
      }
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(lastAck).isGreaterThanOrEqualTo(KILL_AFTER);
    assertThat(child.exitValue()).isEqualTo(137);

    List<Long> drained = new ArrayList<>();
    try (Outbox box = new Outbox(OutboxConfig.defaults(file), Clock.systemUTC())) {
      DrainResult r;
      do {
        r = box.drain(1000, (Message m) -> drained.add((long) ((SampleBatch) m).samples().get(0).value()));
      } while (r.sent() > 0);
      assertThat(box.depth()).isZero();
    }
    // Every acknowledged append is there; appends committed but not yet acknowledged when the
    // kill came may follow. Each exactly once, in order: the drained values are 0..n without gap.
    assertThat(drained.size()).isGreaterThan((int) lastAck);
    for (int i = 0; i < drained.size(); i++) {
      assertThat(drained.get(i)).as("position %d", i).isEqualTo(i);
    }
  }
}
