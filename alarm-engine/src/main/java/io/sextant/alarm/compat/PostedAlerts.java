package io.sextant.alarm.compat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The posted alerts by fingerprint, as Alertmanager's alert store holds them, for
 * {@code GET /api/v2/alerts}; the alarms they raised live in the engine. A new post of a label set
 * replaces the kept one, keeping the earlier {@code startsAt} when the two overlap in time (a
 * Prometheus resend of the same firing alert). Resolved alerts are forgotten after
 * {@link #RETAIN_RESOLVED}; at most {@link #MAX_ALERTS} are kept (the least recently updated go
 * first). Thread-safe without a lock: concurrent POSTs (each sender's) update their alerts side by
 * side, one label set at a time, each by compare-and-set on its label set's {@link Slot}. The
 * intake keeps a label set's slot in its cached label set ({@link Post#holder}), so a resend finds
 * its alert without looking the fingerprint up.
 */
public final class PostedAlerts {
  /** Alertmanager's default {@code resolve_timeout}: the end given to an alert posted without one. */
  public static final Duration RESOLVE_TIMEOUT = Duration.ofMinutes(5);
  public static final Duration RETAIN_RESOLVED = Duration.ofMinutes(30);
  public static final int MAX_ALERTS = 200_000;

  private final Clock clock;
  private final int maxAlerts;
  private final ConcurrentHashMap<String, Slot> byFingerprint = new ConcurrentHashMap<>();
  private final AtomicReference<Instant> lastPrune = new AtomicReference<>(Instant.MIN);

  public PostedAlerts(Clock clock) {
    this(clock, MAX_ALERTS);
  }

  PostedAlerts(Clock clock, int maxAlerts) {
    this.clock = clock;
    this.maxAlerts = maxAlerts;
  }

  /** One alert of a POST, as {@link #putAll} takes it. */
  public interface Post {
    SortedMap<String, String> labels();

    SortedMap<String, String> annotations();

    /** Null when not given. */
    Instant startsAt();

    /** Null when not given. */
    Instant endsAt();

    String generatorURL();

    /** {@link Fingerprint#of} the labels (the intake has it from its label-set cache). */
    default String fingerprint() {
      return Fingerprint.of(labels());
    }

    /** The key of the alarm the alert feeds. */
    String alarmKey();

    /**
     * Where the sender of this post keeps its label set's {@link Slot} from one post to the next
     * (the intake: in its cached label set), so a resend finds its alert without looking its
     * fingerprint up; null when it keeps none.
     */
    default SlotHolder holder() {
      return null;
    }
  }

  /**
   * One fingerprint's alert, replaced by compare-and-set; null once tidied away, and then replaced
   * in the table by a new slot. Handed out only to be given back through a {@link SlotHolder}.
   */
  public static final class Slot extends AtomicReference<PostedAlert> {
    private Slot(PostedAlert first) {
      super(first);
    }
  }

  /** Keeps a {@link Slot} for {@link #keep} between posts of one label set (the intake's cached label set is one). */
  public static class SlotHolder {
    private volatile Slot slot;

    Slot slot() {
      return slot;
    }
  }

  /**
   * Keeps one posted alert.
   *
   * @param startsAt null when not given; endsAt likewise
   */
  public PostedAlert put(SortedMap<String, String> labels, SortedMap<String, String> annotations,
      Instant startsAt, Instant endsAt, String generatorURL, String alarmKey) {
    Instant now = clock.instant();
    PostedAlert kept = keep(labels, annotations, startsAt, endsAt, generatorURL, Fingerprint.of(labels), alarmKey,
        null, now);
    tidy(now);
    return kept;
  }

  /** Keeps a POST's alerts. */
  public void putAll(List<? extends Post> posts) {
    Instant now = clock.instant();
    for (Post p : posts) {
      keep(p.labels(), p.annotations(), p.startsAt(), p.endsAt(), p.generatorURL(), p.fingerprint(), p.alarmKey(),
          p.holder(), now);
    }
    tidy(now);
  }

  private PostedAlert keep(SortedMap<String, String> labels, SortedMap<String, String> annotations,
      Instant startsAt, Instant endsAt, String generatorURL, String fp, String alarmKey, SlotHolder holder,
      Instant now) {
    Instant start = startsAt != null ? startsAt : endsAt != null && endsAt.isBefore(now) ? endsAt : now;
    Instant end = endsAt != null ? endsAt : now.plus(RESOLVE_TIMEOUT);
    // Atomic for one label set: two POSTs of the same alert at once keep one consistent startsAt
    // (compare-and-set on its slot, so no capturing lambda an alert as compute() would need).
    // A resend from the intake brings its slot, its fingerprint, key and unmodifiable maps from its
    // cached label set: nothing is hashed, looked up or wrapped again, only the record is new.
    Slot slot = holder == null ? null : holder.slot();
    while (true) {
      PostedAlert old = slot == null ? null : slot.get();
      if (old == null) {
        // No slot yet, or tidied away: the table's, or a new one with this alert.
        PostedAlert first = PostedAlert.of(fp, labels, annotations, start, end, now, generatorURL, alarmKey);
        Slot fresh = new Slot(first);
        Slot current = byFingerprint.putIfAbsent(fp, fresh);
        if (current == null || (current.get() == null && byFingerprint.replace(fp, current, fresh))) {
          remember(holder, fresh);
          return first;
        }
        slot = current;
        remember(holder, slot);
        continue;
      }
      Instant from = old.startsAt().isBefore(end) && start.isBefore(old.endsAt()) && old.startsAt().isBefore(start)
          ? old.startsAt() : start;
      // A resend brings the very maps of the last alert, made unmodifiable then: not checked again.
      PostedAlert next = labels == old.labels() && annotations == old.annotations()
          ? new PostedAlert(fp, labels, annotations, from, end, now, generatorURL, alarmKey)
          : PostedAlert.of(fp, labels, annotations, from, end, now, generatorURL, alarmKey);
      if (slot.compareAndSet(old, next)) {
        return next;
      }
    }
  }

  private static void remember(SlotHolder holder, Slot slot) {
    if (holder != null) {
      holder.slot = slot;
    }
  }

  /**
   * Over the cap, the least recently updated go, with 1 % more room made so that a steady stream of
   * new label sets at the cap does not sort the table for every POST; once a minute, resolved
   * alerts older than {@link #RETAIN_RESOLVED} go.
   */
  private void tidy(Instant now) {
    int over = byFingerprint.size() - maxAlerts;
    if (over > 0) {
      synchronized (this) {
        over = byFingerprint.size() - maxAlerts;
        if (over > 0) {
          byFingerprint.values().stream().map(Slot::get).filter(java.util.Objects::nonNull)
              .sorted(Comparator.comparing(PostedAlert::updatedAt))
              .limit(over + maxAlerts / 100).toList()
              .forEach(this::forget);
        }
      }
    }
    Instant last = lastPrune.get();
    if (now.isAfter(last.plusSeconds(60)) && lastPrune.compareAndSet(last, now)) {
      for (Slot slot : byFingerprint.values()) {
        PostedAlert a = slot.get();
        if (a != null && a.endsAt().plus(RETAIN_RESOLVED).isBefore(now)) {
          forget(a);
        }
      }
    }
  }

  /** Forgets {@code a} unless a newer post of its label set replaced it meanwhile. */
  private void forget(PostedAlert a) {
    Slot slot = byFingerprint.get(a.fingerprint());
    if (slot != null && slot.compareAndSet(a, null)) {
      byFingerprint.remove(a.fingerprint(), slot);
    }
  }

  /** Every kept alert, resolved ones included, in no particular order. */
  public List<PostedAlert> all() {
    List<PostedAlert> out = new ArrayList<>(byFingerprint.size());
    for (Slot slot : byFingerprint.values()) {
      PostedAlert a = slot.get();
      if (a != null) {
        out.add(a);
      }
    }
    return out;
  }

  public int size() {
    return byFingerprint.size();
  }

  /** For tests and the status page: the kept alerts by fingerprint. */
  Map<String, PostedAlert> snapshot() {
    Map<String, PostedAlert> out = new java.util.HashMap<>();
    byFingerprint.forEach((fp, slot) -> {
      PostedAlert a = slot.get();
      if (a != null) {
        out.put(fp, a);
      }
    });
    return Map.copyOf(out);
  }
}
