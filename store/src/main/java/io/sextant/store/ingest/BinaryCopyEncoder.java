package io.sextant.store.ingest;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Encodes (series_id bigint, time timestamptz, value float8) rows in PostgreSQL's binary COPY
 * format: a 19-byte header, per row a 16-bit field count and each field as a 32-bit length and
 * its big-endian bytes, and a -1 trailer. timestamptz is microseconds since 2000-01-01 UTC
 * (servers built with integer datetimes, the only kind since PostgreSQL 10).
 */
public final class BinaryCopyEncoder {
  /** "PGCOPY\n\377\r\n\0", then the flags field and the header extension length, both 0. */
  static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
  /** The end-of-data marker: a field count of -1. */
  static final byte[] TRAILER = {(byte) 0xff, (byte) 0xff};
  public static final int ROW_BYTES = 2 + 3 * (4 + 8);
  private static final long PG_EPOCH_SECONDS = 946_684_800L;

  private BinaryCopyEncoder() {}

  /** The whole COPY payload for the rows: header, rows, trailer. */
  public static byte[] encode(long[] seriesIds, Instant[] times, double[] values, int count) {
    ByteBuffer b = ByteBuffer.allocate(HEADER.length + count * ROW_BYTES + 2);
    b.put(HEADER);
    for (int i = 0; i < count; i++) {
      putRow(b, seriesIds[i], times[i], values[i]);
    }
    b.put(TRAILER);
    return b.array();
  }

  /**
   * One row, without header or trailer: rows encoded apart (one message each, on the producers'
   * threads) are concatenated between one header and one trailer by the writer.
   */
  public static void putRow(ByteBuffer b, long seriesId, Instant time, double value) {
    b.putShort((short) 3);
    b.putInt(8).putLong(seriesId);
    b.putInt(8).putLong(micros(time));
    b.putInt(8).putDouble(value);
  }

  /** Microseconds since the PostgreSQL epoch; sub-microsecond digits are truncated toward the past. */
  static long micros(Instant t) {
    return Math.multiplyExact(t.getEpochSecond() - PG_EPOCH_SECONDS, 1_000_000L) + t.getNano() / 1_000;
  }
}
