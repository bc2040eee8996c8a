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
  static final int ROW_BYTES = 2 + 3 * (4 + 8);
  private static final long PG_EPOCH_SECONDS = 946_684_800L;

  private BinaryCopyEncoder() {}

  /** The whole COPY payload for the rows: header, rows, trailer. */
  public static byte[] encode(long[] seriesIds, Instant[] times, double[] values, int count) {
    ByteBuffer b = ByteBuffer.allocate(HEADER.length + count * ROW_BYTES + 2);
    b.put(HEADER);
    for (int i = 0; i < count; i++) {
      b.putShort((short) 3);
      b.putInt(8).putLong(seriesIds[i]);
      b.putInt(8).putLong(micros(times[i]));
      b.putInt(8).putDouble(values[i]);
    }
    b.putShort((short) -1);
    return b.array();
  }

  /** Microseconds since the PostgreSQL epoch; sub-microsecond digits are truncated toward the past. */
  static long micros(Instant t) {
    return Math.multiplyExact(t.getEpochSecond() - PG_EPOCH_SECONDS, 1_000_000L) + t.getNano() / 1_000;
  }
}
