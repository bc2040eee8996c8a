package io.sextant.common.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.EventType;
import io.sextant.common.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AlarmJsonTest {
  /** The codec as it was before {@link AlarmJson}: Jackson's bean serializer for the record. */
  private static final ObjectMapper BEANS = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  @Test
  void writesTheBeanSerializersBytesForAnyAlarm() throws Exception {
    SplittableRandom random = new SplittableRandom(11);
    JsonCodec codec = JsonCodec.get();
    assertThat(codec.mapper().getSerializerProviderInstance().findValueSerializer(Alarm.class))
        .isInstanceOf(AlarmJson.class);
    for (int n = 0; n < 5_000; n++) {
      Alarm alarm = alarm(random);
      byte[] expected = BEANS.writeValueAsBytes(alarm);
      // Twice: the labels' kept text is used from their second encoding on.
      assertThat(new String(codec.encode(alarm), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo(new String(expected, java.nio.charset.StandardCharsets.UTF_8));
      assertThat(codec.encode(alarm)).isEqualTo(expected);
      assertThat(codec.decode(expected, Alarm.class)).isEqualTo(alarm);
    }
  }

  @Test
  void prettyPrintingStillApplies() throws Exception {
    Alarm alarm = alarm(new SplittableRandom(1));
    assertThat(JsonCodec.get().mapper().writerWithDefaultPrettyPrinter().writeValueAsString(alarm))
        .isEqualTo(BEANS.writerWithDefaultPrettyPrinter().writeValueAsString(alarm));
  }

  private static Alarm alarm(SplittableRandom r) {
    Instant raised = Instant.ofEpochSecond(r.nextLong(0, 4_000_000_000L), r.nextInt(3) == 0 ? 0 : r.nextInt(1_000_000_000));
    List<String> ids = new ArrayList<>();
    for (int i = r.nextInt(4) == 0 ? r.nextInt(1, 6) : 0; i > 0; i--) {
      ids.add(text(r));
    }
    Map<String, String> labels = new TreeMap<>();
    for (int i = r.nextInt(0, 5); i > 0; i--) {
      labels.put(text(r), r.nextInt(8) == 0 ? null : text(r));
    }
    return new Alarm(text(r), text(r), raised.plusMillis(r.nextInt(100_000)), text(r), text(r), maybe(r),
        EventType.values()[r.nextInt(EventType.values().length)], Severity.values()[r.nextInt(Severity.values().length)],
        Alarm.State.values()[r.nextInt(3)], Alarm.AckState.values()[r.nextInt(2)], r.nextBoolean(), maybe(r), ids,
        raised, r.nextBoolean() ? null : raised.plusSeconds(r.nextInt(10_000)), r.nextInt(-1, Integer.MAX_VALUE),
        maybe(r), labels);
  }

  private static String maybe(SplittableRandom r) {
    return r.nextInt(4) == 0 ? null : text(r);
  }

  private static String text(SplittableRandom r) {
    String[] odd = {"\"", "\\", "/", "\u0000", "\n", "\t", "\u001f", "\u007f", "é", "\u2028", "\ud83d\ude80"};
    StringBuilder b = new StringBuilder();
    for (int i = r.nextInt(0, 12); i > 0; i--) {
      b.append(r.nextInt(5) > 0 ? (char) ('a' + r.nextInt(26)) : odd[r.nextInt(odd.length)]);
    }
    return b.toString();
  }
}
