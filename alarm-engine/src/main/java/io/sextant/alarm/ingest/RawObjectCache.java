package io.sextant.alarm.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What was derived from a JSON object of a posted body, keyed by the object's raw bytes: a
 * Prometheus resends the same alert every evaluation with the same {@code labels} and
 * {@code annotations} bytes, so their decoding, validation and hashing need doing once. A lookup
 * hashes the bytes and then compares them with the kept copy: an entry is never taken on its hash
 * alone.
 *
 * <p>Bounded: a fixed table of four-way sets (a new key takes an empty way or evicts one), objects
 * larger than {@code maxKeyBytes} are not kept, and the kept bytes stay under {@code maxBytes} (a
 * put that would exceed it is refused, counted). So a label-set explosion costs misses, not
 * memory. Thread-safe without locks: entries are immutable and published through an atomic array;
 * two racing puts of one set keep either. The byte budget is approximate under races (by at most
 * one object per racing thread).
 */
final class RawObjectCache<V> {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long MIX = 0x9E3779B97F4A7C15L;
  private static final int WAYS = 4;

  private record Entry<V>(long hash, byte[] key, V value) {}

  private final AtomicReferenceArray<Entry<V>> slots;
  private final int mask;
  private final int maxKeyBytes;
  private final long maxBytes;
  private final AtomicLong bytes = new AtomicLong();
  /** Ways in use, kept as puts fill them so that reading the stats (a metrics scrape) scans nothing. */
  private final AtomicInteger entries = new AtomicInteger();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder refused = new LongAdder();

  /** @param entries rounded up to a power of two, at least {@value #WAYS} */
  RawObjectCache(int entries, int maxKeyBytes, long maxBytes) {
    int n = Integer.highestOneBit(Math.max(WAYS, entries) - 1) << 1;
    this.slots = new AtomicReferenceArray<>(n);
    this.mask = n - 1;
    this.maxKeyBytes = maxKeyBytes;
    this.maxBytes = maxBytes;
  }

  /** The value kept for exactly the bytes {@code body[from, to)}, else null; a hit or miss, counted. */
  V get(byte[] body, int from, int to, long hash) {
    V v = find(body, from, to, hash);
    if (v != null) {
      hits.increment();
    }
    return v;
  }

  /** As {@link #get}, counting only a miss: the caller adds its hits in bulk ({@link #hits}). */
  V find(byte[] body, int from, int to, long hash) {
    V v = peek(body, from, to, hash);
    if (v == null) {
      misses.increment();
    }
    return v;
  }

  /** Adds hits counted by a caller of {@link #find}. */
  void hits(long n) {
    if (n > 0) {
      hits.add(n);
    }
  }

  /** As {@link #get}, a miss not counted: a first try that a counted {@code get} follows. */
  V peek(byte[] body, int from, int to, long hash) {
    int i = (int) hash & mask & -WAYS;
    for (int way = i; way < i + WAYS; way++) {
      Entry<V> e = slots.get(way);
      if (e != null && e.hash == hash && Arrays.equals(e.key, 0, e.key.length, body, from, to)) {
        return e.value;
      }
    }
    return null;
  }

  /** Keeps {@code value} for a copy of {@code body[from, to)} unless the object or the budget is too large. */
  void put(byte[] body, int from, int to, long hash, V value) {
    int length = to - from;
    if (length > maxKeyBytes) {
      refused.increment();
      return;
    }
    int i = (int) hash & mask & -WAYS;
    // An empty way first; else evict one, chosen by other bits of the hash (no recency to keep up).
    int way = i + (int) (hash >>> 40 & (WAYS - 1));
    for (int w = i; w < i + WAYS; w++) {
      if (slots.get(w) == null) {
        way = w;
        break;
      }
    }
    Entry<V> old = slots.get(way);
    long freed = old == null ? 0 : old.key.length;
    if (bytes.get() - freed + length > maxBytes) {
      refused.increment();
      return;
    }
    old = slots.getAndSet(way, new Entry<>(hash, Arrays.copyOfRange(body, from, to), value));
    bytes.addAndGet(length - (old == null ? 0 : old.key.length));
    if (old != null) {
      evictions.increment();
    } else {
      entries.incrementAndGet();
    }
  }

  /** Counts since start, and what it holds: for {@code /metrics} and tests. */
  AlertIntake.CacheStats stats() {
    return new AlertIntake.CacheStats(hits.sum(), misses.sum(), evictions.sum(), refused.sum(), entries.get(), bytes.get());
  }

  /** A 64-bit hash of {@code body[from, to)}, eight bytes a step; only picks the slot, never decides a hit. */
  static long hash(byte[] body, int from, int to) {
    long h = MIX ^ (to - from);
    int i = from;
    for (; i + 8 <= to; i += 8) {
      h = (h ^ (long) LONGS.get(body, i)) * MIX;
      h ^= h >>> 29;
    }
    for (; i < to; i++) {
      h = (h ^ (body[i] & 0xff)) * MIX;
    }
    return h ^ (h >>> 32);
  }

  /**
   * The end (exclusive) of the JSON object or array opening at {@code body[from]}, by brackets
   * outside strings; -1 if it does not close. Only proposes a range: a hit is checked byte for
   * byte against an object the parser once read whole, and a put is made only where the parser
   * ended at the same place.
   */
  static int end(byte[] body, int from) {
    int depth = 0;
    boolean inString = false;
    for (int i = from; i < body.length; i++) {
      byte c = body[i];
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        return i + 1;
      }
    }
    return -1;
  }
}
