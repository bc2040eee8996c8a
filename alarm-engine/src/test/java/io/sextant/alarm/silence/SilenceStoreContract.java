package io.sextant.alarm.silence;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.match.Matcher;
import io.sextant.alarm.silence.SilenceStore.Action;
import io.sextant.alarm.silence.SilenceStore.Entry;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every {@link SilenceStore} does; each implementation runs it on a fresh, empty store. */
public abstract class SilenceStoreContract {
  protected static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

  protected abstract SilenceStore store();

  protected static Silence silence(String id) {
    return new Silence(id, List.of(Matcher.parse("site=edge-1"), Matcher.parse("alertname=~Disk.*")), T0,
        T0.plusSeconds(3600), "noc-anna", "disk swap");
  }

  protected static MaintenanceWindow nightly(String id) {
    return MaintenanceWindow.recurring(id, List.of(Matcher.parse("site!=central")), LocalTime.of(1, 0),
        Duration.ofHours(2), ZoneId.of("Europe/Paris"), Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), "upgrades");
  }

  @Test
  void silencesAreKeptWithTheirHistory() {
    SilenceStore store = store();
    Silence s = silence("s-1");
    store.save(s, Action.CREATED, "noc-anna", T0);
    store.save(s.expiredAt(T0.plusSeconds(60)), Action.EXPIRED, "noc-bob", T0.plusSeconds(60));

    assertThat(store.silences()).containsExactly(s.expiredAt(T0.plusSeconds(60)));
    assertThat(store.history()).extracting(Entry::id, Entry::action, Entry::by, Entry::at).containsExactly(
        org.assertj.core.groups.Tuple.tuple("s-1", Action.CREATED, "noc-anna", T0),
        org.assertj.core.groups.Tuple.tuple("s-1", Action.EXPIRED, "noc-bob", T0.plusSeconds(60)));
    assertThat(store.history().get(0).item()).isEqualTo(s);
  }

  @Test
  void aWindowSavedUnchangedAddsNoHistory() {
    SilenceStore store = store();
    MaintenanceWindow once = MaintenanceWindow.once("w-once", List.of(Matcher.parse("resource=node-7")), T0,
        T0.plusSeconds(600), "");

    assertThat(store.save(nightly("w-1"), "config", T0)).isTrue();
    assertThat(store.save(nightly("w-1"), "config", T0.plusSeconds(5))).isFalse();
    assertThat(store.save(once, "noc-anna", T0.plusSeconds(6))).isTrue();

    assertThat(store.windows()).containsExactly(nightly("w-1"), once);
    assertThat(store.history()).extracting(Entry::id, Entry::action).containsExactly(
        org.assertj.core.groups.Tuple.tuple("w-1", Action.CREATED),
        org.assertj.core.groups.Tuple.tuple("w-once", Action.CREATED));
  }

  @Test
  void aRemovedWindowIsGoneButRemembered() {
    SilenceStore store = store();
    store.save(nightly("w-1"), "config", T0);

    assertThat(store.remove("w-1", "noc-bob", T0.plusSeconds(9))).isTrue();
    assertThat(store.remove("w-1", "noc-bob", T0.plusSeconds(9))).isFalse();

    assertThat(store.windows()).isEmpty();
    assertThat(store.history()).last().satisfies(e -> {
      assertThat(e.action()).isEqualTo(Action.REMOVED);
      assertThat(e.by()).isEqualTo("noc-bob");
      assertThat(e.item()).isEqualTo(nightly("w-1"));
    });
  }
}
