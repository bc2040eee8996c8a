package io.sextant.alarm.ingest;

import static io.sextant.alarm.ingest.AlertIntake.MAX_LABELS;
import static io.sextant.alarm.ingest.AlertIntake.MAX_VALUE_CHARS;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Decodes a posted Alertmanager v2 alert array with a streaming parser, straight into
 * {@link PostedAlert}s: no JSON tree, and a value over {@link AlertIntake#MAX_VALUE_CHARS} is
 * measured without being copied into a string. The whole body is decoded before anything is
 * taken, so a body that turns out not to be JSON half-way is rejected whole, as before.
 *
 * <p>Unknown fields are skipped. Thread-safe (the factory is; each call has its own parser).
 */
final class AlertDecoder {
  /** The whole body was rejected: not JSON, or not an array. */
  static final class BadBody extends Exception {
    final String reason;

    BadBody(String reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }

  private final JsonFactory factory = new JsonFactory();

  List<PostedAlert> decode(byte[] body) throws BadBody {
    try (JsonParser p = factory.createParser(body)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_ARRAY) {
        if (first != null) {
          p.skipChildren(); // still reports a syntax error as invalid_json rather than not_an_array
        }
        throw new BadBody("not_an_array", "request body must be a JSON array of alerts");
      }
      List<PostedAlert> out = new ArrayList<>();
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t == null) {
          throw new BadBody("invalid_json", "request body is not valid JSON: unexpected end of input");
        }
        out.add(alert(p, out.size()));
      }
      return out;
    } catch (JsonProcessingException e) {
      throw new BadBody("invalid_json", "request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadBody("invalid_json", "request body is not readable: " + e.getMessage());
    }
  }

  private static PostedAlert alert(JsonParser p, int index) throws IOException {
    PostedAlert.Errors errors = new PostedAlert.Errors();
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      errors.object = new BadAlert("not_an_object", "must be a JSON object");
      return new PostedAlert(index, Collections.emptySortedMap(), Collections.emptySortedMap(), "", "", "", errors);
    }
    SortedMap<String, String> labels = Collections.emptySortedMap();
    SortedMap<String, String> annotations = Collections.emptySortedMap();
    String startsAt = "";
    String endsAt = "";
    String generator = "";
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      try {
        switch (field) {
          case "labels" -> labels = strings(p, "labels");
          case "annotations" -> annotations = strings(p, "annotations");
          case "startsAt" -> startsAt = text(p);
          case "endsAt" -> endsAt = text(p);
          case "generatorURL" -> generator = text(p);
          default -> p.skipChildren();
        }
      } catch (BadAlert e) {
        switch (field) {
          case "labels" -> errors.labels = first(errors.labels, e);
          case "annotations" -> errors.annotations = first(errors.annotations, e);
          case "startsAt" -> errors.startsAt = first(errors.startsAt, e);
          case "endsAt" -> errors.endsAt = first(errors.endsAt, e);
          default -> errors.generatorURL = first(errors.generatorURL, e);
        }
      }
    }
    return new PostedAlert(index, labels, annotations, startsAt, endsAt, generator, errors.any() ? errors : null);
  }

  private static BadAlert first(BadAlert had, BadAlert now) {
    return had != null ? had : now;
  }

  /**
   * An object of strings. Reads it to its end even after an error, so the parser stays on the
   * alert's structure; the entry count is checked first, then the first bad entry is reported.
   */
  private static SortedMap<String, String> strings(JsonParser p, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return Collections.emptySortedMap();
    }
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      throw new BadAlert("invalid_" + field, field + " must be an object of strings");
    }
    boolean isLabels = field.equals("labels");
    SortedMap<String, String> out = new TreeMap<>();
    BadAlert bad = null;
    int entries = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      entries++;
      if (bad != null || entries > MAX_LABELS) {
        p.skipChildren();
      } else if (isLabels && !AlertIntake.isLabelName(name)) {
        bad = new BadAlert("invalid_label_name", field + " name '" + AlertIntake.abbreviate(name) + "' must match "
            + AlertIntake.LABEL_NAME_PATTERN);
        p.skipChildren();
      } else if (v != JsonToken.VALUE_STRING) {
        bad = new BadAlert("invalid_" + field, field + "." + name + " must be a string");
        p.skipChildren();
      } else if (p.getTextLength() > MAX_VALUE_CHARS) {
        bad = new BadAlert(isLabels ? "label_too_large" : "annotation_too_large",
            field + "." + name + " is " + p.getTextLength() + " characters, at most " + MAX_VALUE_CHARS);
      } else {
        out.put(name, p.getText());
      }
    }
    if (entries > MAX_LABELS) {
      throw new BadAlert("too_many_labels", field + " has " + entries + " entries, at most " + MAX_LABELS);
    }
    if (bad != null) {
      throw bad;
    }
    return out;
  }

  private static String text(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return "";
    }
    if (t != JsonToken.VALUE_STRING) {
      p.skipChildren();
      throw new BadAlert("invalid_field", "expected a string, got " + kind(t));
    }
    return p.getText();
  }

  /** The old tree decoder's names for JSON node types, which messages and tests use. */
  private static String kind(JsonToken t) {
    return switch (t) {
      case START_OBJECT -> "OBJECT";
      case START_ARRAY -> "ARRAY";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "NUMBER";
      case VALUE_TRUE, VALUE_FALSE -> "BOOLEAN";
      default -> t.name();
    };
  }
}
