package io.sextant.collector.policy;

import io.sextant.collector.policy.WindowAggregator.Bucket;
import io.sextant.collector.policy.WindowAggregator.SeriesKey;
import io.sextant.common.model.Labels;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The storage format of the aggregator's open windows (a value in the outbox's local state; the
 * layout is pinned by a golden file in the tests). Binary, big-endian; {@code var} is an unsigned
 * LEB128 varint (7 bits a byte, low first):
 * <pre>
 *   byte   version (1)
 *   long   closedUpToMs (Long.MIN_VALUE: never closed)
 *   var    n strings, then each: var byte length, UTF-8 bytes
 *   var    n series, then each:
 *            var metric (string index), var n labels, then (var name, var value) string indexes,
 *            var n buckets, then each: long endMs, var window seconds, var count,
 *                                      double sum, double min, double max, double last, long lastMs
 * </pre>
 * Metric names, label names and most label values repeat across series, so each distinct string
 * is written once and referred to by a small index. The state is rewritten whole at every window
 * that changed it: every series of an AGGREGATE site gets points every window, so a delta would
 * be nearly the whole state anyway, and a whole state needs no compaction.
 */
final class AggregatorState {
  static final int VERSION = 1;

  private AggregatorState() {}

  static byte[] encode(long closedUpToMs, Map<SeriesKey, List<Bucket>> open) {
    Map<String, Integer> index = new HashMap<>();
    List<String> strings = new ArrayList<>();
    Buf body = new Buf(16 + open.size() * 64);
    body.var(open.size());
    for (Map.Entry<SeriesKey, List<Bucket>> e : open.entrySet()) {
      body.var(intern(e.getKey().metric(), index, strings));
      Map<String, String> labels = e.getKey().labels();
      body.var(labels.size());
      for (Map.Entry<String, String> l : labels.entrySet()) {
        body.var(intern(l.getKey(), index, strings));
        body.var(intern(l.getValue(), index, strings));
      }
      body.var(e.getValue().size());
      for (Bucket b : e.getValue()) {
        body.putLong(b.endMs);
        body.var(b.windowMs / 1000);
        body.var(b.count);
        body.putLong(Double.doubleToRawLongBits(b.sum));
        body.putLong(Double.doubleToRawLongBits(b.min));
        body.putLong(Double.doubleToRawLongBits(b.max));
        body.putLong(Double.doubleToRawLongBits(b.last));
        body.putLong(b.lastMs);
      }
    }
    Buf all = new Buf(body.size + 16 + strings.size() * 16);
    all.put((byte) VERSION);
    all.putLong(closedUpToMs);
    all.var(strings.size());
    for (String s : strings) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      all.var(b.length);
      all.put(b, b.length);
    }
    all.put(body.bytes, body.size);
    return Arrays.copyOf(all.bytes, all.size);
  }

  private static int intern(String s, Map<String, Integer> index, List<String> strings) {
    Integer i = index.get(s);
    if (i == null) {
      i = strings.size();
      strings.add(s);
      index.put(s, i);
    }
    return i;
  }

  /**
   * Fills {@code open} from a saved state and returns its closedUpToMs.
   *
   * @throws IllegalArgumentException when the bytes are not a state this version can read
   */
  static long decode(byte[] saved, Map<SeriesKey, List<Bucket>> open) {
    ByteBuffer in = ByteBuffer.wrap(saved);
    try {
      int version = in.get();
      if (version != VERSION) {
        throw new IllegalArgumentException("aggregate state version " + version + " is not supported (this is "
            + VERSION + ")");
      }
      long closedUpToMs = in.getLong();
      String[] strings = new String[count(in, "strings")];
      for (int i = 0; i < strings.length; i++) {
        byte[] b = new byte[count(in, "string bytes")];
        in.get(b);
        strings[i] = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b)).toString();
      }
      int series = count(in, "series");
      for (int s = 0; s < series; s++) {
        String metric = string(strings, var(in));
        int n = count(in, "labels");
        TreeMap<String, String> labels = new TreeMap<>();
        for (int l = 0; l < n; l++) {
          labels.put(string(strings, var(in)), string(strings, var(in)));
        }
        int nb = count(in, "buckets");
        List<Bucket> buckets = new ArrayList<>(nb);
        for (int k = 0; k < nb; k++) {
          long endMs = in.getLong();
          long windowS = var(in);
          if (windowS < 1) {
            throw new IllegalArgumentException("bucket window must be at least 1 s, got " + windowS);
          }
          Bucket b = new Bucket(endMs, windowS * 1000);
          b.count = var(in);
          b.sum = Double.longBitsToDouble(in.getLong());
          b.min = Double.longBitsToDouble(in.getLong());
          b.max = Double.longBitsToDouble(in.getLong());
          b.last = Double.longBitsToDouble(in.getLong());
          b.lastMs = in.getLong();
          buckets.add(b);
        }
        open.put(new SeriesKey(metric, Labels.copyOf(labels)), buckets);
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " trailing bytes after the aggregate state");
      }
      return closedUpToMs;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("aggregate state holds a string that is not UTF-8", e);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("aggregate state is truncated (" + saved.length + " bytes)", e);
    }
  }

  private static long var(ByteBuffer in) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = in.get();
      v |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("aggregate state holds a varint longer than 64 bits");
  }

  /** A count or index: a varint no larger than the bytes that could follow it. */
  private static int count(ByteBuffer in, String what) {
    long n = var(in);
    if (n > in.capacity()) {
      throw new IllegalArgumentException("aggregate state has an impossible count of " + what + ": " + n);
    }
    return (int) n;
  }

  private static String string(String[] strings, long i) {
    if (i >= strings.length) {
      throw new IllegalArgumentException("aggregate state refers to string " + i + " of " + strings.length);
    }
    return strings[(int) i];
  }

  /** A growable big-endian byte buffer without the per-call locking of the java.io streams. */
  private static final class Buf {
    byte[] bytes;
    int size;

    Buf(int capacity) {
      bytes = new byte[Math.max(16, capacity)];
    }

    private void room(int n) {
      if (size + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
      }
    }

    void put(byte b) {
      room(1);
      bytes[size++] = b;
    }

    void put(byte[] b, int n) {
      room(n);
      System.arraycopy(b, 0, bytes, size, n);
      size += n;
    }

    void putLong(long v) {
      room(8);
      for (int i = 7; i >= 0; i--) {
        bytes[size++] = (byte) (v >>> (8 * i));
      }
    }

    void var(long v) {
      room(10);
      while ((v & ~0x7fL) != 0) {
        bytes[size++] = (byte) ((v & 0x7f) | 0x80);
        v >>>= 7;
      }
      bytes[size++] = (byte) v;
    }
  }
}
