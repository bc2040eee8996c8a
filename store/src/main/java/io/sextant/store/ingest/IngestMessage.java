package io.sextant.store.ingest;

import io.sextant.common.model.Sample;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One message's samples, validated and encoded for the COPY path: the rows in binary COPY format
 * (no header or trailer), the series they belong to, and the UTC minutes they touch (for the
 * rollups' invalidation log). Built by {@link #prepare} on the producer's thread, so this CPU work
 * overlaps the writer's database work; immutable afterwards and safe to hand across threads.
 *
 * <p>{@code id} is the message's stable id (a bus message id, a remote-write request digest), or
 * null when there is none: the store then relies on the per-row conflict check alone.
 */
public final class IngestMessage {
  private static final Logger log = LoggerFactory.getLogger(IngestMessage.class);
  private static final long MICROS_PER_MINUTE = 60_000_000L;

  private final String id;
  private final int count;
  private final byte[] rows;
  private final Map<Long, Sample> series;
  private final long[] minutes;

  private IngestMessage(String id, int count, byte[] rows, Map<Long, Sample> series, long[] minutes) {
    this.id = id;
    this.count = count;
    this.rows = rows;
    this.series = series;
    this.minutes = minutes;
  }

  /**
   * Drops the samples that cannot be stored (null, NaN or infinite value, NUL characters), logging
   * each and adding it to {@code rejected}, so that one bad value never fails the message around
   * it; encodes the rest.
   */
  public static IngestMessage prepare(String id, List<Sample> samples, AtomicLong rejected) {
    ByteBuffer b = ByteBuffer.allocate(samples.size() * BinaryCopyEncoder.ROW_BYTES);
    Map<Long, Sample> series = new LinkedHashMap<>();
    Set<Long> minutes = new TreeSet<>();
    long lastMinute = Long.MIN_VALUE;
    Sample last = null;
    long lastId = 0;
    int n = 0;
    for (Sample s : samples) {
      String problem = problem(s);
      if (problem != null) {
        rejected.incrementAndGet();
        if (s == null) {
          log.warn("rejected a null sample");
        } else {
          log.warn("rejected sample of series site={} metric={} labels={} at {}: {}", s.site(), s.metric(), s.labels(),
              s.time(), problem);
        }
        continue;
      }
      // A message usually carries runs of one series; reuse the id rather than hash the labels again.
      long seriesId = last != null && sameSeries(last, s) ? lastId : s.seriesId();
      last = s;
      lastId = seriesId;
      series.putIfAbsent(seriesId, s);
      BinaryCopyEncoder.putRow(b, seriesId, s.time(), s.value());
      long minute = Math.floorDiv(BinaryCopyEncoder.micros(s.time()), MICROS_PER_MINUTE);
      if (minute != lastMinute) {
        minutes.add(minute);
        lastMinute = minute;
      }
      n++;
    }
    byte[] rows = n == samples.size() ? b.array() : Arrays.copyOf(b.array(), n * BinaryCopyEncoder.ROW_BYTES);
    return new IngestMessage(id, n, rows, Collections.unmodifiableMap(series),
        minutes.stream().mapToLong(Long::longValue).toArray());
  }

  private static boolean sameSeries(Sample a, Sample b) {
    return a.site().equals(b.site()) && a.metric().equals(b.metric())
        && (a.labels() == b.labels() || a.labels().equals(b.labels()));
  }

  private static String problem(Sample s) {
    if (s == null) {
      return "null";
    }
    if (!Double.isFinite(s.value())) {
      return "value is " + s.value() + ", not a finite number";
    }
    if (hasNul(s)) {
      return "site, metric or a label contains a NUL character, which PostgreSQL text cannot hold";
    }
    return null;
  }

  private static boolean hasNul(Sample s) {
    if (s.site().indexOf(0) >= 0 || s.metric().indexOf(0) >= 0) {
      return true;
    }
    for (Map.Entry<String, String> e : s.labels().entrySet()) {
      if (e.getKey().indexOf(0) >= 0 || (e.getValue() != null && e.getValue().indexOf(0) >= 0)) {
        return true;
      }
    }
    return false;
  }

  /** The message's stable id, or null. */
  public String id() {
    return id;
  }

  /** Samples kept (rejected ones excluded). */
  public int count() {
    return count;
  }

  /** The rows in binary COPY format, {@link BinaryCopyEncoder#ROW_BYTES} each; do not modify. */
  byte[] rows() {
    return rows;
  }

  /** The first sample of each series in the message, by series id: what a series row needs. */
  public Map<Long, Sample> series() {
    return series;
  }

  /** The UTC minutes the samples fall in, as minutes since 2000-01-01 UTC, ascending. */
  long[] minutes() {
    return minutes;
  }

  /** The UTC days the samples fall in, ascending: the daily partitions the write needs. */
  public Set<LocalDate> days() {
    Set<LocalDate> days = new TreeSet<>();
    for (long m : minutes) {
      days.add(dayOf(m));
    }
    return days;
  }

  private static final long EPOCH_DAY_2000 = LocalDate.of(2000, 1, 1).toEpochDay();

  static LocalDate dayOf(long minute) {
    return LocalDate.ofEpochDay(Math.floorDiv(minute, 1440) + EPOCH_DAY_2000);
  }

  /** The start of a minute counted from 2000-01-01 UTC. */
  static Instant instantOf(long minute) {
    return LocalDate.ofEpochDay(EPOCH_DAY_2000).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(minute * 60);
  }
}
