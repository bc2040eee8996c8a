package io.sextant.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Validation and encoding of one message, without a database. */
class IngestMessageTest {
  private static final Instant MIDNIGHT = Instant.parse("2026-05-02T00:00:00Z");

  @Test
  void badSamplesAreDroppedAndCountedAndTheRestEncoded() {
    List<Sample> samples = new ArrayList<>();
    samples.add(sample("a", MIDNIGHT, 1));
    samples.add(sample("a", MIDNIGHT.plusSeconds(1), Double.NaN));
    samples.add(null);
    samples.add(sample("b\0", MIDNIGHT, 2));
    samples.add(sample("b", MIDNIGHT.plusSeconds(2), Double.POSITIVE_INFINITY));
    samples.add(sample("b", MIDNIGHT.plusSeconds(3), 3));
    AtomicLong rejected = new AtomicLong();

    IngestMessage m = IngestMessage.prepare("m-1", samples, rejected);

    assertThat(rejected).hasValue(4);
    assertThat(m.count()).isEqualTo(2);
    assertThat(m.rows()).hasSize(2 * BinaryCopyEncoder.ROW_BYTES);
    assertThat(m.series()).containsOnlyKeys(sample("a", MIDNIGHT, 0).seriesId(), sample("b", MIDNIGHT, 0).seriesId());
  }

  @Test
  void minutesAndDaysCoverSamplesAcrossMidnightInAnyOrder() {
    List<Sample> samples = List.of(sample("a", MIDNIGHT.plusSeconds(61), 1), sample("a", MIDNIGHT.minusSeconds(1), 2),
        sample("b", MIDNIGHT.plusSeconds(5), 3), sample("a", MIDNIGHT.plusSeconds(70), 4));

    IngestMessage m = IngestMessage.prepare(null, samples, new AtomicLong());

    assertThat(java.util.Arrays.stream(m.minutes()).mapToObj(IngestMessage::instantOf)).containsExactly(MIDNIGHT.minusSeconds(60), MIDNIGHT,
        MIDNIGHT.plusSeconds(60));
    assertThat(m.days()).containsExactly(LocalDate.parse("2026-05-01"), LocalDate.parse("2026-05-02"));
    assertThat(m.id()).isNull();
  }

  @Test
  void rowsAreTheEncoderRows() {
    Sample s = sample("a", MIDNIGHT.plusMillis(1500), 2.5);
    IngestMessage m = IngestMessage.prepare("x", List.of(s), new AtomicLong());
    byte[] whole = BinaryCopyEncoder.encode(new long[] {s.seriesId()}, new Instant[] {s.time()}, new double[] {2.5}, 1);

    byte[] rows = java.util.Arrays.copyOfRange(whole, BinaryCopyEncoder.HEADER.length,
        whole.length - BinaryCopyEncoder.TRAILER.length);
    assertThat(m.rows()).isEqualTo(rows);
  }

  private static Sample sample(String resource, Instant t, double v) {
    return new Sample("edge-1", "cpu_util", Labels.of("resource", resource), t, v);
  }
}
