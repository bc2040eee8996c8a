package io.sextant.store.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.common.bundle.ModelBundle;
import io.sextant.common.bundle.Provenance;
import io.sextant.store.PostgresStore;
import io.sextant.store.Stores;
import io.sextant.store.TestDatabases;
import io.sextant.common.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry on a real PostgreSQL: versions with provenance, promote, pin, roll back; labels. */
class ModelRegistryIT {
  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  private static PostgresStore store;
  private static MutableClock clock;
  private static ModelRegistry registry;
  private static LabelTable labels;

  @BeforeAll
  static void open() {
    store = Stores.open(TestDatabases.fresh("registry"));
    clock = new MutableClock(T0);
    registry = new ModelRegistry(store.dataSource(), clock);
    labels = new LabelTable(store.dataSource(), clock);
  }

  @AfterAll
  static void close() {
    store.close();
  }

  private static ModelBundle bundle(String id, long version, double f1) {
    Provenance p = new Provenance(T0, T0.plus(Duration.ofHours(2)), "kmeans-distance",
        Map.of("k", "8"), 7L, Map.of("f1", f1));
    return new ModelBundle(id, version, List.of("service_cpu_utilization"), p, new byte[] {1, 2, (byte) version});
  }

  @Test
  void versionsKeepTheirProvenanceAndTheChannelMovesByPromotePinAndRollback() {
    String id = "svc-a";
    assertThat(registry.nextVersion(id)).isEqualTo(1);
    registry.register(bundle(id, 1, 0.8), "test");
    registry.register(bundle(id, 2, 0.9), "test");
    assertThat(registry.nextVersion(id)).isEqualTo(3);
    assertThat(registry.get(id, 2)).hasValueSatisfying(r -> {
      assertThat(r.bundle()).isEqualTo(bundle(id, 2, 0.9));
      assertThat(r.bundle().provenance().metrics()).containsEntry("f1", 0.9);
    });
    assertThatThrownBy(() -> registry.register(bundle(id, 2, 0.5), "racer")).hasMessageContaining("v2");

    registry.promote(id, 1, "op");
    clock.advance(Duration.ofMinutes(1));
    registry.promote(id, 2, "op");
    assertThat(registry.live(id)).hasValueSatisfying(r -> assertThat(r.version()).isEqualTo(2));
    assertThat(registry.rollback(id, "op").version()).isEqualTo(1);

    registry.pin(id, 1, "op");
    registry.register(bundle(id, 3, 0.95), "scheduler");
    assertThat(registry.promoteUnlessPinned(id, 3, "scheduler")).isEmpty();
    assertThat(registry.channel(id)).hasValueSatisfying(ch -> {
      assertThat(ch.version()).isEqualTo(1);
      assertThat(ch.pinned()).isTrue();
    });
    registry.unpin(id, "op");
    assertThat(registry.promoteUnlessPinned(id, 3, "scheduler")).hasValueSatisfying(ch -> assertThat(ch.version()).isEqualTo(3));
    assertThat(registry.rollbackTo(id, 2, "op").version()).isEqualTo(2);
    assertThatThrownBy(() -> registry.promote(id, 9, "op")).hasMessageContaining("not registered");
    assertThat(registry.history(id)).extracting(ModelEvent::type).containsExactly(
        ModelEvent.Type.REGISTERED, ModelEvent.Type.REGISTERED, ModelEvent.Type.PROMOTED, ModelEvent.Type.PROMOTED,
        ModelEvent.Type.ROLLED_BACK, ModelEvent.Type.PINNED, ModelEvent.Type.REGISTERED, ModelEvent.Type.UNPINNED,
        ModelEvent.Type.PROMOTED, ModelEvent.Type.ROLLED_BACK);
  }

  @Test
  void releasesAreRecordedPerSiteAndPhase() {
    registry.register(bundle("svc-b", 1, 0.8), "test");
    registry.recordRelease(new Release("svc-b", 1, "edge-1", Release.Phase.CANARY, T0));
    registry.recordRelease(new Release("svc-b", 1, "edge-2", Release.Phase.FULL, T0.plusSeconds(60)));
    assertThat(registry.releases("svc-b", 1)).extracting(Release::site, Release::phase)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("edge-1", Release.Phase.CANARY),
            org.assertj.core.groups.Tuple.tuple("edge-2", Release.Phase.FULL));
  }

  @Test
  void labelsAreIdempotentAndReadByOverlap() {
    FeedbackLabel fault = FeedbackLabel.fault("edge-1", "service:edge-1/web", T0.plusSeconds(600), T0.plusSeconds(1200),
        "CPU_SATURATION", "simulation");
    FeedbackLabel falseAlarm = FeedbackLabel.normal("edge-2", "service:edge-2/api", T0.plusSeconds(3000),
        T0.plusSeconds(3060), "operator:ana", "batch job, expected");
    assertThat(labels.add(fault)).isTrue();
    assertThat(labels.addAll(List.of(fault, falseAlarm))).isEqualTo(1);
    assertThat(labels.overlapping(T0, T0.plusSeconds(700))).containsExactly(fault);
    assertThat(labels.overlapping(T0, T0.plusSeconds(4000))).containsExactly(fault, falseAlarm);
    assertThat(labels.overlapping(T0.plusSeconds(1200), T0.plusSeconds(3000))).isEmpty();
  }
}
