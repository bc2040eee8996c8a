package io.sextant.alarm.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PostedAlertsTest {
  static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");
  final MutableClock clock = new MutableClock(T0);

  static SortedMap<String, String> labels(String name) {
    SortedMap<String, String> l = new TreeMap<>();
    l.put("alertname", name);
    return l;
  }

  PostedAlert put(PostedAlerts posted, String name, Instant startsAt, Instant endsAt) {
    return posted.put(labels(name), new TreeMap<>(), startsAt, endsAt, "", name);
  }

  /** What the intake's cached label set is to the table: a holder of its slot. */
  static final class Holder extends PostedAlerts.SlotHolder {}

  record Post(SortedMap<String, String> labels, Instant startsAt, Instant endsAt, Holder holder)
      implements PostedAlerts.Post {
    @Override
    public SortedMap<String, String> annotations() {
      return new TreeMap<>();
    }

    @Override
    public String generatorURL() {
      return "";
    }

    @Override
    public String alarmKey() {
      return labels.get("alertname");
    }
  }

  @Test
  void aResendThroughItsHolderUpdatesItsAlertAndOneTidiedAwayComesBackAfresh() {
    PostedAlerts posted = new PostedAlerts(clock);
    Holder a = new Holder();
    posted.putAll(List.of(new Post(labels("A"), T0, T0.plusSeconds(10), a)));
    assertThat(a.slot()).as("the holder got its slot").isNotNull();
    posted.putAll(List.of(new Post(labels("A"), T0.plusSeconds(1), T0.plusSeconds(20), a)));
    assertThat(posted.snapshot().get(Fingerprint.of(labels("A"))).startsAt()).isEqualTo(T0);

    clock.advance(PostedAlerts.RETAIN_RESOLVED.plusMinutes(2));
    put(posted, "other", clock.instant(), clock.instant().plusSeconds(240)); // prunes A
    assertThat(posted.snapshot()).doesNotContainKey(Fingerprint.of(labels("A")));
    assertThat(a.slot().get()).as("the pruned slot is empty, not revived").isNull();

    Instant restart = clock.instant();
    posted.putAll(List.of(new Post(labels("A"), restart, restart.plusSeconds(240), a)));
    assertThat(posted.snapshot().get(Fingerprint.of(labels("A"))).startsAt()).as("a new episode").isEqualTo(restart);
    assertThat(posted.all()).hasSize(2);
    assertThat(a.slot().get().startsAt()).isEqualTo(restart);
  }

  @Test
  void concurrentResendsThroughHoldersOfOneLabelSetShareItsAlert() throws Exception {
    PostedAlerts posted = new PostedAlerts(clock);
    fourSenders(offset -> {
      // Each sender's own holders (as two cached label sets of the same labels, spelled differently).
      List<Holder> holders = new ArrayList<>();
      for (int a = 0; a < 50; a++) {
        holders.add(new Holder());
      }
      for (int round = 0; round < 200; round++) {
        List<Post> batch = new ArrayList<>();
        for (int a = 0; a < 50; a++) {
          Instant start = a == 0 ? T0.plusSeconds(round + offset + 1) : T0.plusSeconds(a);
          batch.add(new Post(labels("alert-" + a), start, T0.plusSeconds(10_000), holders.get(a)));
        }
        posted.putAll(batch);
      }
    });
    assertThat(posted.size()).isEqualTo(50);
    assertThat(posted.snapshot().get(Fingerprint.of(labels("alert-7"))).startsAt()).isEqualTo(T0.plusSeconds(7));
    assertThat(posted.snapshot().get(Fingerprint.of(labels("alert-0"))).startsAt()).as("the earliest start of all")
        .isEqualTo(T0.plusSeconds(1));
  }

  /** Runs {@code sender} on four threads at once (each given its number) and waits for them. */
  static void fourSenders(java.util.function.IntConsumer sender) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        running.add(pool.submit(() -> sender.accept(offset)));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void keptMapsAreUnmodifiableInNaturalOrderAndAResendWithItsOwnMapsIsNotTakenOnTrust() {
    PostedAlerts posted = new PostedAlerts(clock);
    // Another order is copied into the natural one; a mutable map is wrapped, never kept as it is.
    TreeMap<String, String> reversed = new TreeMap<>(java.util.Comparator.reverseOrder());
    reversed.putAll(java.util.Map.of("alertname", "A", "zone", "z1", "instance", "i1"));
    TreeMap<String, String> annotations = new TreeMap<>(java.util.Map.of("summary", "s"));
    PostedAlert first = posted.put(reversed, annotations, T0, T0.plusSeconds(240), "", "A");
    assertThat(first.labels().keySet()).containsExactly("alertname", "instance", "zone");
    assertThat(first.labels().comparator()).isNull();
    assertThat(first.annotations()).isNotSameAs(annotations).isEqualTo(annotations);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.annotations().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);

    // A resend of the same label set with the kept maps themselves reuses them; with maps of its
    // own (not the kept ones), they are made unmodifiable again.
    PostedAlert again = posted.put(first.labels(), first.annotations(), T0, T0.plusSeconds(300), "", "A");
    assertThat(again.labels()).isSameAs(first.labels());
    assertThat(again.annotations()).isSameAs(first.annotations());
    TreeMap<String, String> mine = new TreeMap<>(java.util.Map.of("summary", "other"));
    PostedAlert third = posted.put(first.labels(), mine, T0, T0.plusSeconds(360), "", "A");
    assertThat(third.annotations()).isNotSameAs(mine).isEqualTo(mine);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> third.annotations().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(posted.all()).singleElement().satisfies(a -> assertThat(a.endsAt()).isEqualTo(T0.plusSeconds(360)));
  }

  @Test
  void aResendKeepsTheEarlierStartAndTakesTheNewEnd() {
    PostedAlerts posted = new PostedAlerts(clock);
    put(posted, "A", T0, T0.plusSeconds(240));
    clock.advance(Duration.ofSeconds(60));
    PostedAlert again = put(posted, "A", T0.plusSeconds(60), T0.plusSeconds(300));

    assertThat(again.startsAt()).isEqualTo(T0);
    assertThat(again.endsAt()).isEqualTo(T0.plusSeconds(300));
    assertThat(again.updatedAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(posted.size()).isEqualTo(1);
  }

  @Test
  void overTheCapTheLeastRecentlyUpdatedGoFirst() {
    PostedAlerts posted = new PostedAlerts(clock, 3);
    for (String name : List.of("A", "B", "C")) {
      put(posted, name, T0, T0.plusSeconds(600));
      clock.advance(Duration.ofSeconds(1));
    }
    put(posted, "A", T0, T0.plusSeconds(600)); // A is now the most recently updated
    clock.advance(Duration.ofSeconds(1));
    put(posted, "D", T0, T0.plusSeconds(600));

    assertThat(posted.snapshot().values()).extracting(PostedAlert::alarmKey).containsExactlyInAnyOrder("A", "C", "D");
  }

  @Test
  void resolvedAlertsAreForgottenAfterTheRetention() {
    PostedAlerts posted = new PostedAlerts(clock);
    put(posted, "gone", T0, T0.plusSeconds(1));
    put(posted, "firing", T0, T0.plusSeconds(7200));
    clock.advance(PostedAlerts.RETAIN_RESOLVED.plusMinutes(2));
    put(posted, "new", clock.instant(), clock.instant().plusSeconds(240));

    assertThat(posted.snapshot().values()).extracting(PostedAlert::alarmKey).containsExactlyInAnyOrder("firing", "new");
  }

  @Test
  void concurrentPostsOfTheSameAlertsKeepOneEachWithItsFirstStart() throws Exception {
    PostedAlerts posted = new PostedAlerts(clock);
    fourSenders(offset -> {
      for (int round = 0; round < 200; round++) {
        for (int a = 0; a < 50; a++) {
          // Every sender posts alert a with a later start than the first one kept: the first stays.
          Instant start = a == 0 ? T0.plusSeconds(round + offset + 1) : T0.plusSeconds(a);
          put(posted, "alert-" + a, start, T0.plusSeconds(10_000));
        }
      }
    });
    assertThat(posted.size()).isEqualTo(50);
    assertThat(posted.all()).allSatisfy(a -> assertThat(a.endsAt()).isEqualTo(T0.plusSeconds(10_000)));
    assertThat(posted.snapshot().get(Fingerprint.of(labels("alert-7"))).startsAt()).isEqualTo(T0.plusSeconds(7));
  }
}
