package io.sextant.collector.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesStateStoreTest {
  @TempDir Path dir;

  private Map<Long, String> read(SeriesStateStore store, long notBefore) {
    Map<Long, String> out = new LinkedHashMap<>();
    store.restore(notBefore, (id, last, state) -> out.put(id, last + ":" + new String(state)));
    return out;
  }

  @Test
  void aCheckpointReplacesTheWholeSetAndSurvivesReopeningTheFile() {
    Path file = dir.resolve("outbox.db");
    try (Outbox outbox = new Outbox(OutboxConfig.defaults(file), Clock.systemUTC())) {
      SeriesStateStore store = new SeriesStateStore(outbox);
      store.replaceAll(w -> {
        w.put(1, 100, "a".getBytes());
        w.put(2, 200, "b".getBytes());
      });
      SeriesStateStore.Written written = store.replaceAll(w -> {
        w.put(2, 300, "bb".getBytes());
        w.put(3, 300, "c".getBytes());
      });
      assertThat(written).isEqualTo(new SeriesStateStore.Written(2, 3));
    }
    try (Outbox outbox = new Outbox(OutboxConfig.defaults(file), Clock.systemUTC())) {
      assertThat(read(new SeriesStateStore(outbox), 0)).containsExactly(Map.entry(2L, "300:bb"), Map.entry(3L, "300:c"));
    }
  }

  @Test
  void aCheckpointThatFailsHalfWayLeavesThePreviousOneWhole() {
    try (Outbox outbox = new Outbox(OutboxConfig.defaults(dir.resolve("outbox.db")), Clock.systemUTC())) {
      SeriesStateStore store = new SeriesStateStore(outbox);
      store.replaceAll(w -> w.put(1, 100, "a".getBytes()));
      assertThatThrownBy(() -> store.replaceAll(w -> {
        w.put(7, 100, "x".getBytes());
        throw new IllegalStateException("encoder failed");
      })).hasMessage("encoder failed");
      assertThat(read(store, 0)).containsExactly(Map.entry(1L, "100:a"));
      // and the outbox goes on
      outbox.save("k", new byte[] {1});
      assertThat(outbox.load("k")).isPresent();
    }
  }

  @Test
  void recordsOlderThanTheCutOffAreDroppedNotRestored() {
    try (Outbox outbox = new Outbox(OutboxConfig.defaults(dir.resolve("outbox.db")), Clock.systemUTC())) {
      SeriesStateStore store = new SeriesStateStore(outbox);
      store.replaceAll(w -> {
        w.put(1, 100, "old".getBytes());
        w.put(2, 500, "new".getBytes());
      });
      SeriesStateStore.Read[] r = new SeriesStateStore.Read[1];
      Map<Long, String> got = new LinkedHashMap<>();
      r[0] = store.restore(400, (id, last, state) -> got.put(id, new String(state)));
      assertThat(got).containsExactly(Map.entry(2L, "new"));
      assertThat(r[0]).isEqualTo(new SeriesStateStore.Read(1, 1));
      assertThat(read(store, 0)).as("the old one is gone from the file").containsOnlyKeys(2L);
    }
  }
}
