package io.sextant.common.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantTest {
  @Test
  void writesWhatToStringWritesAcrossItsYearsAndFractions() {
    SplittableRandom random = new SplittableRandom(7);
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long end = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();
    int[] nanos = {0, 1, 999_999_999, 5_000_000, 123_000_000, 120_000, 123_456_000, 100, 123_456_789};
    for (int i = 0; i < 200_000; i++) {
      Instant t = Instant.ofEpochSecond(random.nextLong(min, end), i % 2 == 0 ? nanos[i % nanos.length]
          : random.nextInt(1_000_000_000));
      assertThat(IsoInstant.format(t)).isEqualTo(t.toString());
    }
  }

  @Test
  void edgesOfDaysMonthsLeapYearsAndTheRangeAreTheJdksToo() {
    for (String text : new String[] {"0000-01-01T00:00:00Z", "0000-02-29T23:59:59.999Z", "0000-03-01T00:00:00Z",
        "1969-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z", "1900-02-28T12:00:00.5Z", "2000-02-29T00:00:00Z",
        "2024-12-31T23:59:59Z", "2026-12-07T21:00:00.001Z", "9999-12-31T23:59:59.999999999Z"}) {
      Instant t = Instant.parse(text);
      assertThat(IsoInstant.format(t)).as(text).isEqualTo(t.toString());
    }
    // Outside 0000–9999: the JDK's own text.
    for (Instant t : new Instant[] {Instant.MIN, Instant.MAX, Instant.parse("-0001-12-31T23:59:59Z"),
        Instant.parse("+10000-01-01T00:00:00Z")}) {
      assertThat(IsoInstant.format(t)).isEqualTo(t.toString());
    }
  }

  @Test
  void theCodecWritesInstantsAsBefore() throws Exception {
    assertThat(JsonCodec.get().mapper().getSerializerProviderInstance().findValueSerializer(Instant.class).getClass()
        .getEnclosingClass()).as("the codec's own instant writer").isEqualTo(JsonCodec.class);
    Instant t = Instant.parse("2026-12-07T21:00:00.120Z");
    assertThat(JsonCodec.get().encodeToString(new Stamp(t))).isEqualTo("{\"at\":\"2026-12-07T21:00:00.120Z\"}");
    assertThat(JsonCodec.get().decode("{\"at\":\"2026-12-07T21:00:00.120Z\"}", Stamp.class).at()).isEqualTo(t);
  }

  record Stamp(Instant at) {}
}
