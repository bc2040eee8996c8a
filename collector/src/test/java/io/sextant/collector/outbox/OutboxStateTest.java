package io.sextant.collector.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Message;
import io.sextant.common.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxStateTest {
  @TempDir Path dir;
  MutableClock clock = new MutableClock(OutboxTest.T);

  @Test
  void namedStateIsReplacedAndSurvivesAReopen() {
    OutboxConfig config = OutboxConfig.defaults(dir.resolve("o.db"));
    try (Outbox o = new Outbox(config, clock)) {
      assertThat(o.load("policy")).isEmpty();
      o.save("policy", "v1".getBytes(StandardCharsets.UTF_8));
      o.save("policy", "v2".getBytes(StandardCharsets.UTF_8));
    }
    try (Outbox o = new Outbox(config, clock)) {
      assertThat(o.load("policy")).hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("v2"));
      assertThat(o.depth()).isZero(); // state is not an outbox entry
    }
  }

  @Test
  void anUnavailableBusEndsTheDrainRoundWithoutTryingTheOtherKeys() throws Exception {
    try (Outbox o = new Outbox(OutboxConfig.defaults(dir.resolve("o.db")), clock)) {
      for (int i = 0; i < 5; i++) {
        o.append(OutboxTest.detection(i)); // five different keys
      }
      List<Message> tried = new ArrayList<>();
      DrainResult r = o.drain(100, m -> {
        tried.add(m);
        throw new SendUnavailableException("link down", null);
      });
      assertThat(tried).hasSize(1);
      assertThat(r.failed()).isEqualTo(1);
      assertThat(o.depth()).isEqualTo(5);

      List<Message> sent = new ArrayList<>();
      assertThat(o.drain(100, sent::add).sent()).isEqualTo(5);
      assertThat(sent).extracting(Message::id).containsExactly(
          OutboxTest.detection(0).id(), OutboxTest.detection(1).id(), OutboxTest.detection(2).id(),
          OutboxTest.detection(3).id(), OutboxTest.detection(4).id());
    }
  }
}
