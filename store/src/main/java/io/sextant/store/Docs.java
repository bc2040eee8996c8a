package io.sextant.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.sextant.common.codec.CodecException;
import io.sextant.common.codec.JsonCodec;
import io.sextant.common.model.Labels;
import java.util.Map;

/**
 * JSON for jsonb columns, always through {@link JsonCodec} so a stored document is exactly the
 * wire form of the message and reads accept documents written by older versions.
 */
public final class Docs {
  private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

  private Docs() {}

  public static String encode(Object value) {
    return JsonCodec.get().encodeToString(value);
  }

  static <T> T decode(String json, Class<T> type) {
    return JsonCodec.get().decode(json, type);
  }

  public static Map<String, String> labels(String json) {
    try {
      return Labels.copyOf(JsonCodec.get().mapper().readValue(json, LABELS));
    } catch (JsonProcessingException e) {
      throw new CodecException("cannot decode labels: " + e.getOriginalMessage(), e);
    }
  }
}
