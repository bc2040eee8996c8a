package io.sextant.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BinaryCopyEncoderTest {

  @Test
  void oneRowHasTheHeaderThreeEightByteFieldsAndTheTrailer() {
    byte[] b = BinaryCopyEncoder.encode(new long[] {42}, new Instant[] {Instant.parse("2000-01-01T00:00:01.000002Z")},
        new double[] {1.5}, 1);

    assertThat(b).hasSize(19 + 38 + 2);
    assertThat(new String(b, 0, 6, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PGCOPY");
    ByteBuffer buf = ByteBuffer.wrap(b, 19, 40);
    assertThat(buf.getShort()).isEqualTo((short) 3);
    assertThat(buf.getInt()).isEqualTo(8);
    assertThat(buf.getLong()).isEqualTo(42);
    assertThat(buf.getInt()).isEqualTo(8);
    assertThat(buf.getLong()).as("microseconds since 2000-01-01").isEqualTo(1_000_002);
    assertThat(buf.getInt()).isEqualTo(8);
    assertThat(buf.getDouble()).isEqualTo(1.5);
    assertThat(buf.getShort()).isEqualTo((short) -1);
  }

  @Test
  void timesBeforeThePostgresEpochAreNegativeAndSubMicrosecondsTruncated() {
    assertThat(BinaryCopyEncoder.micros(Instant.parse("1999-12-31T23:59:59.9999999Z"))).isEqualTo(-1);
    assertThat(BinaryCopyEncoder.micros(Instant.parse("1970-01-01T00:00:00Z"))).isEqualTo(-946_684_800_000_000L);
  }
}
