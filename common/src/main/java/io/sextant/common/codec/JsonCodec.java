package io.sextant.common.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.sextant.common.model.Alarm;
import java.io.IOException;
import java.time.Instant;

/**
 * The one JSON codec for wire messages and stored documents. Output is stable (map keys sorted,
 * ISO-8601 instants) so golden files can pin it; unknown fields are ignored on read so an older
 * reader accepts messages from a newer writer.
 */
public final class JsonCodec {
  private static final JsonCodec INSTANCE = new JsonCodec();

  private final ObjectMapper mapper = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      // After JavaTimeModule, so it wins: the same text, without the formatter (IsoInstant); and
      // an alarm written field by field (AlarmJson), the same bytes as the bean serializer's.
      .addModule(new SimpleModule("sextant-writers")
          .addSerializer(Instant.class, new InstantText())
          .addSerializer(Alarm.class, new AlarmJson()))
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
      .build();

  private JsonCodec() {}

  public static JsonCodec get() {
    return INSTANCE;
  }

  public byte[] encode(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new CodecException("cannot encode " + value.getClass().getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }

  public String encodeToString(Object value) {
    return new String(encode(value), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Decodes or throws {@link CodecException} naming the type and the reason. */
  public <T> T decode(byte[] bytes, Class<T> type) {
    try {
      return mapper.readValue(bytes, type);
    } catch (IOException | RuntimeException e) {
      String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : String.valueOf(e.getMessage());
      throw new CodecException("cannot decode " + type.getSimpleName() + ": " + reason, e);
    }
  }

  public <T> T decode(String json, Class<T> type) {
    return decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  /** An instant as JavaTimeModule writes it with dates as text ({@code Instant.toString}). */
  private static final class InstantText extends StdSerializer<Instant> {
    InstantText() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeString(IsoInstant.format(value));
    }
  }
}
