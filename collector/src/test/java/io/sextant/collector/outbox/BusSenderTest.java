package io.sextant.collector.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.codec.JsonCodec;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Message;
import io.sextant.common.model.SampleBatch;
import io.sextant.common.time.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the bus receives from the pipelined drain through {@link BusSender}: for every message
 * type the topic, the bus key the rest of Sextant relies on and the same bytes as publishing the
 * message directly, whether the entry was sent as stored (sample batches, action events) or
 * decoded first.
 */
class BusSenderTest {
  @TempDir Path dir;

  record Got(String topic, String key, byte[] payload) {}

  @Test
  void sendsEveryTypeWithItsTopicKeyAndBytes() throws Exception {
    InProcessBus raw = new InProcessBus();
    List<Got> got = new CopyOnWriteArrayList<>();
    for (String topic : List.of(Topic.SAMPLES.name(), Topic.DETECTIONS.name(), Topic.ACTION_EVENTS.name())) {
      raw.subscribe(topic, "test", d -> got.add(new Got(d.topic(), d.key(), d.payload())));
    }
    SampleBatch batch = OutboxTest.batch("edge-1", 1);
    Detection detection = OutboxTest.detection(2);
    Action action = new Action(null, "edge-1", OutboxTest.T, ActionKind.SCALE_OUT, "service:edge-1/web",
        Map.of("replicas", "3"), "scale-out-cpu-saturation", detection.id(), null);
    ActionEvent event = new ActionEvent(null, "edge-1", OutboxTest.T, action, ActionState.APPLIED, "scaled 2 → 3");
    try (MessageBus bus = new MessageBus(raw);
        Outbox o = new Outbox(OutboxConfig.defaults(dir.resolve("o.db")), new MutableClock(OutboxTest.T))) {
      o.append(batch);
      o.append(detection);
      o.append(event);
      BusSender sender = new BusSender(bus, Duration.ofSeconds(10));
      assertThat(o.drain(10, sender, sender.timeout()).sent()).isEqualTo(3);
      raw.awaitIdle(Duration.ofSeconds(30));
    }
    assertThat(got).hasSize(3);
    assertSent(got, Topic.SAMPLES.name(), "edge-1", batch);
    assertSent(got, Topic.DETECTIONS.name(), "service:edge-1/web", detection);
    assertSent(got, Topic.ACTION_EVENTS.name(), action.id(), event);
  }

  static void assertSent(List<Got> got, String topic, String key, Message m) {
    assertThat(got).filteredOn(g -> g.topic().equals(topic)).singleElement().satisfies(g -> {
      assertThat(g.key()).isEqualTo(key);
      assertThat(g.payload()).isEqualTo(JsonCodec.get().encode(m));
    });
  }
}
