package io.sextant.collector.source.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads the OTLP/JSON encoding into the protobuf messages, following the OTLP spec's deviations
 * from the canonical proto3 JSON mapping: trace and span ids are hex (not base64), enums are
 * integers (names also accepted), field names are lowerCamelCase (original names also accepted),
 * 64-bit integers may be strings or numbers, and unknown fields are ignored. Written against the
 * descriptors because protobuf-java-util is not available here; it covers every field type the
 * metrics and trace messages use.
 */
public final class OtlpJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private OtlpJson() {}

  /** Parses a request or throws {@link IllegalArgumentException} naming the field and the reason. */
  public static ExportMetricsServiceRequest parseMetricsRequest(byte[] json) {
    ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
    parse(json, b);
    return b.build();
  }

  /** As {@link #parseMetricsRequest}, for a trace export. */
  public static ExportTraceServiceRequest parseTraceRequest(byte[] json) {
    ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
    parse(json, b);
    return b.build();
  }

  private static void parse(byte[] json, Message.Builder b) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the request body must be a JSON object");
    }
    merge(root, b, "");
  }

  private static void merge(JsonNode node, Message.Builder b, String path) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where(path) + "expected an object");
    }
    Descriptor d = b.getDescriptorForType();
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      FieldDescriptor fd = field(d, e.getKey());
      if (fd == null || e.getValue().isNull()) {
        continue; // unknown fields are ignored (OTLP spec)
      }
      String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      if (fd.isRepeated()) {
        if (!e.getValue().isArray()) {
          throw new IllegalArgumentException(where(p) + "expected an array");
        }
        int i = 0;
        for (JsonNode el : e.getValue()) {
          b.addRepeatedField(fd, value(fd, el, b, p + "[" + i++ + "]"));
        }
      } else {
        b.setField(fd, value(fd, e.getValue(), b, p));
      }
    }
  }

  private static FieldDescriptor field(Descriptor d, String name) {
    for (FieldDescriptor fd : d.getFields()) {
      if (fd.getJsonName().equals(name) || fd.getName().equals(name)) {
        return fd;
      }
    }
    return null;
  }

  private static Object value(FieldDescriptor fd, JsonNode v, Message.Builder parent, String path) {
    try {
      return switch (fd.getJavaType()) {
        case MESSAGE -> {
          Message.Builder child = parent.newBuilderForField(fd);
          merge(v, child, path);
          yield child.build();
        }
        case STRING -> {
          if (!v.isTextual()) {
            throw new IllegalArgumentException("expected a string");
          }
          yield v.asText();
        }
        case BOOLEAN -> {
          if (!v.isBoolean()) {
            throw new IllegalArgumentException("expected true or false");
          }
          yield v.asBoolean();
        }
        case INT -> (int) integer(v);
        case LONG -> integer(v);
        case DOUBLE -> number(v);
        case FLOAT -> (float) number(v);
        case ENUM -> enumValue(fd, v);
        case BYTE_STRING -> bytes(fd, v);
      };
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where(path) + e.getMessage(), e);
    }
  }

  private static long integer(JsonNode v) {
    if (v.isIntegralNumber()) {
      return v.asLong();
    }
    if (v.isTextual()) {
      try {
        return Long.parseLong(v.asText());
      } catch (NumberFormatException e) {
        // fixed64 values above Long.MAX_VALUE (unsigned) are written as decimal strings
        try {
          return Long.parseUnsignedLong(v.asText());
        } catch (NumberFormatException e2) {
          throw new IllegalArgumentException("'" + v.asText() + "' is not an integer");
        }
      }
    }
    throw new IllegalArgumentException("expected an integer, got " + v.getNodeType());
  }

  private static double number(JsonNode v) {
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isTextual()) {
      return switch (v.asText()) {
        case "NaN" -> Double.NaN;
        case "Infinity" -> Double.POSITIVE_INFINITY;
        case "-Infinity" -> Double.NEGATIVE_INFINITY;
        default -> {
          try {
            yield Double.parseDouble(v.asText());
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v.asText() + "' is not a number");
          }
        }
      };
    }
    throw new IllegalArgumentException("expected a number, got " + v.getNodeType());
  }

  private static EnumValueDescriptor enumValue(FieldDescriptor fd, JsonNode v) {
    EnumValueDescriptor e = v.isIntegralNumber()
        ? fd.getEnumType().findValueByNumber(v.asInt())
        : fd.getEnumType().findValueByName(v.asText());
    if (e == null) {
      throw new IllegalArgumentException("'" + v.asText() + "' is not a value of " + fd.getEnumType().getName());
    }
    return e;
  }

  private static ByteString bytes(FieldDescriptor fd, JsonNode v) {
    if (!v.isTextual()) {
      throw new IllegalArgumentException("expected a string");
    }
    String s = v.asText();
    try {
      // OTLP/JSON: trace_id, span_id and parent_span_id are hex; other bytes follow proto3 JSON (base64).
      if (fd.getName().equals("trace_id") || fd.getName().endsWith("span_id")) {
        return ByteString.copyFrom(HexFormat.of().parseHex(s));
      }
      return ByteString.copyFrom(Base64.getDecoder().decode(s));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + s + "' is not valid " + (fd.getName().endsWith("_id") ? "hex" : "base64"));
    }
  }

  private static String where(String path) {
    return path.isEmpty() ? "" : path + ": ";
  }
}
