package io.sextant.alarm.ingest;

import static io.sextant.alarm.ingest.AlertIntake.MAX_LABELS;
import static io.sextant.alarm.ingest.AlertIntake.MAX_VALUE_CHARS;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Decodes a posted Alertmanager v2 alert array with a streaming parser, straight into
 * {@link PostedAlert}s: no JSON tree, and a value over {@link AlertIntake#MAX_VALUE_CHARS} is
 * measured without being copied into a string. The whole body is decoded before anything is
 * taken, so a body that turns out not to be JSON half-way is rejected whole, as before.
 *
 * <p>A {@code labels} or {@code annotations} object is looked up by its raw bytes in a
 * {@link RawObjectCache} first: a Prometheus resends each firing alert with the same bytes there,
 * and a hit skips the object and takes the checked maps and what was derived from them. A miss
 * decodes it as before (same checks, same errors); only an object that passed them is kept.
 *
 * <p>Unknown fields are skipped. Thread-safe (the factory and the caches are; each call has its
 * own parser).
 */
final class AlertDecoder {
  /** Label sets (and annotation sets) kept: room for the firing alerts of a large Prometheus fleet. */
  static final int LABEL_SETS = 64 * 1024;
  /** An object larger than this is decoded every time (a real label set is a few hundred bytes). */
  static final int MAX_CACHED_OBJECT_BYTES = 4 * 1024;
  /** Raw bytes kept per cache, at most; the decoded maps take about as much again. */
  static final long MAX_CACHED_BYTES = 16L * 1024 * 1024;

  /** The whole body was rejected: not JSON, or not an array. */
  static final class BadBody extends Exception {
    final String reason;

    BadBody(String reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }

  private final JsonFactory factory = new JsonFactory();
  private final RawObjectCache<LabelSet> labelSets;
  private final RawObjectCache<AnnotationSet> annotationSets;
  /** Times and generator URLs as posted: a batch repeats a few of each. */
  private final RawObjectCache<String> texts;

  AlertDecoder() {
    this(LABEL_SETS, MAX_CACHED_OBJECT_BYTES, MAX_CACHED_BYTES);
  }

  AlertDecoder(int entries, int maxObjectBytes, long maxBytes) {
    labelSets = new RawObjectCache<>(entries, maxObjectBytes, maxBytes);
    annotationSets = new RawObjectCache<>(entries, maxObjectBytes, maxBytes);
    texts = new RawObjectCache<>(Math.min(entries, 4096), 512, 1024 * 1024);
  }

  AlertIntake.CacheStats labelStats() {
    return labelSets.stats();
  }

  AlertIntake.CacheStats annotationStats() {
    return annotationSets.stats();
  }

  List<PostedAlert> decode(byte[] body) throws BadBody {
    // Hits are added once a body: a shared counter bumped for every alert's objects was 7 % of
    // the POST path (its cache line bouncing between the cores).
    Scan scan = new Scan();
    List<PostedAlert> fast = resent(body, scan);
    labelSets.hits(scan.labelHits);
    annotationSets.hits(scan.annotationHits);
    return fast != null ? fast : parsed(body);
  }

  /**
   * The fast path: reads the array's plain structure itself, takes labels and annotations from
   * the caches by their bytes (or reads them if they are plain strings, and keeps them), and hands
   * any alert it cannot read so to the parser, alone. Null when the body is anything but a
   * well-formed array of objects: {@link #parsed} then decodes it all, with its errors.
   */
  private List<PostedAlert> resent(byte[] body, Scan scan) {
    int to = body.length;
    int i = PlainJson.ws(body, 0, to);
    if (PlainJson.at(body, i, to) != '[') {
      return null;
    }
    List<PostedAlert> out = new ArrayList<>();
    i = PlainJson.ws(body, i + 1, to);
    if (PlainJson.at(body, i, to) == ']') {
      return out;
    }
    while (true) {
      if (PlainJson.at(body, i, to) != '{') {
        return null;
      }
      // The plain reading finds where the alert ends as it goes; only an alert it gives up on is
      // scanned for its end (once more over its bytes), for the parser.
      PostedAlert alert = plainAlert(body, i, to, out.size(), scan);
      int end = scan.end;
      if (alert == null) {
        end = RawObjectCache.end(body, i);
        if (end < 0) {
          return null;
        }
        alert = parsedAlert(body, i, end, out.size());
        if (alert == null) {
          return null;
        }
      }
      out.add(alert);
      i = PlainJson.ws(body, end, to);
      int c = PlainJson.at(body, i, to);
      if (c == ']') {
        return out; // what follows is not read, as by the parser
      }
      if (c != ',') {
        return null;
      }
      i = PlainJson.ws(body, i + 1, to);
    }
  }

  /** What the fast path reads of a body beside its alerts: cache hits (added once a body), where the last alert ended. */
  private static final class Scan {
    int labelHits;
    int annotationHits;
    int end;
  }

  private static final int LABELS = 1;
  private static final int ANNOTATIONS = 2;
  private static final int STARTS_AT = 3;
  private static final int ENDS_AT = 4;
  private static final int GENERATOR = 5;

  /**
   * The alert object starting at {@code from} (read no further than {@code to}) if its labels and
   * annotations are kept or plain, and its other fields plain ASCII strings, literals or numbers,
   * with where it ends in {@code scan.end}; null for anything else.
   */
  private PostedAlert plainAlert(byte[] b, int from, int to, int index, Scan scan) {
    LabelSet labels = LabelSet.EMPTY;
    AnnotationSet annotations = AnnotationSet.EMPTY;
    String startsAt = "";
    String endsAt = "";
    String generator = "";
    // The label set's last alert (Prometheus sends labels first): what repeats is compared with it
    // rather than hashed and looked up.
    LabelSet.Seen seen = null;
    int annotationsFrom = -1;
    int annotationsTo = -1;
    int i = PlainJson.ws(b, from + 1, to);
    if (PlainJson.at(b, i, to) == '}') {
      scan.end = i + 1;
      return new PostedAlert(index, labels, annotations, startsAt, endsAt, generator, null);
    }
    while (true) {
      int nameEnd = PlainJson.nameEnd(b, i, to);
      if (nameEnd < 0) {
        return null;
      }
      int field = field(b, i + 1, nameEnd);
      i = PlainJson.valueStart(b, nameEnd, to);
      if (i < 0) {
        return null;
      }
      int c = PlainJson.at(b, i, to);
      int end;
      if (field == 0) {
        end = PlainJson.scalarEnd(b, i, to);
      } else if (c == 'n') {
        end = PlainJson.literal(b, i, to, "null");
        switch (field) {
          case LABELS -> labels = LabelSet.EMPTY;
          case ANNOTATIONS -> annotations = AnnotationSet.EMPTY;
          case STARTS_AT -> startsAt = "";
          case ENDS_AT -> endsAt = "";
          default -> generator = "";
        }
      } else if (field == LABELS || field == ANNOTATIONS) {
        if (c != '{') {
          return null;
        }
        // A kept object's end is proposed without reading it as JSON, and the byte comparison of
        // the lookup decides: bytes equal to an object once read whole are that object, to its end.
        // Labels: up to the first '}' (a kept label set holds none in its values, or it misses
        // here and is found below). Annotations: as long as the label set's last ones.
        if (field == LABELS) {
          int close = closeBrace(b, i, to);
          long hash = close < 0 ? 0 : RawObjectCache.hash(b, i, close);
          labels = close < 0 ? null : labelSets.peek(b, i, close, hash);
          if (labels != null) {
            end = close;
          } else {
            end = RawObjectCache.end(b, i);
            if (end < 0 || end > to) {
              return null;
            }
            if (end != close) {
              hash = RawObjectCache.hash(b, i, end);
            }
            labels = labelSets.find(b, i, end, hash);
          }
          if (labels != null) {
            scan.labelHits++;
            seen = labels.seen;
          } else {
            SortedMap<String, String> map = plainStrings(b, i, end, true);
            labels = map == null ? null : LabelSet.of(map);
            if (labels != null && labels.valid()) {
              labelSets.put(b, i, end, hash, labels);
            }
          }
        } else if (seen != null && seen.annotationsKey() != null && i + seen.annotationsKey().length <= to
            && Arrays.equals(seen.annotationsKey(), 0, seen.annotationsKey().length, b, i,
                i + seen.annotationsKey().length)) {
          end = i + seen.annotationsKey().length;
          annotations = seen.annotations();
          scan.annotationHits++;
          annotationsFrom = i;
          annotationsTo = end;
        } else {
          end = RawObjectCache.end(b, i);
          if (end < 0 || end > to) {
            return null;
          }
          annotationsFrom = i;
          annotationsTo = end;
          long hash = RawObjectCache.hash(b, i, end);
          annotations = annotationSets.find(b, i, end, hash);
          if (annotations != null) {
            scan.annotationHits++;
          } else {
            SortedMap<String, String> map = plainStrings(b, i, end, false);
            annotations = map == null ? null : AnnotationSet.of(map);
            if (annotations != null) {
              annotationSets.put(b, i, end, hash, annotations);
            }
          }
        }
        if (labels == null || annotations == null) {
          return null;
        }
      } else {
        end = c == '"' ? PlainJson.plainStringEnd(b, i + 1, to) : -1;
        if (end < 0) {
          return null;
        }
        String text = field == STARTS_AT && seen != null && PlainJson.is(b, i + 1, end, seen.startsAt())
            ? seen.startsAt()
            : field == GENERATOR && seen != null && PlainJson.is(b, i + 1, end, seen.generator()) ? seen.generator()
            : text(b, i + 1, end);
        end++;
        switch (field) {
          case STARTS_AT -> startsAt = text;
          case ENDS_AT -> endsAt = text;
          default -> generator = text;
        }
      }
      if (end < 0) {
        return null;
      }
      i = PlainJson.ws(b, end, to);
      c = PlainJson.at(b, i, to);
      if (c == '}') {
        scan.end = i + 1;
        if (labels.valid() && (seen == null || annotations != seen.annotations() || startsAt != seen.startsAt()
            || generator != seen.generator())) {
          labels.seen = new LabelSet.Seen(annotationsFrom < 0 ? null : Arrays.copyOfRange(b, annotationsFrom,
              annotationsTo), annotations, startsAt, generator);
        }
        return new PostedAlert(index, labels, annotations, startsAt, endsAt, generator, null);
      }
      if (c != ',') {
        return null;
      }
      i = PlainJson.ws(b, i + 1, to);
    }
  }

  /**
   * The object {@code b[from, to)} as {@link #strings} decodes it, if it holds only plain ASCII
   * strings that pass its checks; else null, and the parser decodes it (with the error, if any).
   */
  private static SortedMap<String, String> plainStrings(byte[] b, int from, int to, boolean labels) {
    SortedMap<String, String> out = new TreeMap<>();
    int entries = 0;
    int i = PlainJson.ws(b, from + 1, to);
    if (PlainJson.at(b, i, to) == '}') {
      return i == to - 1 ? out : null;
    }
    while (true) {
      int nameEnd = PlainJson.nameEnd(b, i, to);
      if (nameEnd < 0) {
        return null;
      }
      String name = new String(b, i + 1, nameEnd - i - 1, StandardCharsets.ISO_8859_1);
      i = PlainJson.valueStart(b, nameEnd, to);
      if (i < 0) {
        return null;
      }
      int valueEnd = PlainJson.at(b, i, to) == '"' ? PlainJson.plainStringEnd(b, i + 1, to) : -1;
      if (valueEnd < 0 || ++entries > MAX_LABELS || valueEnd - i - 1 > MAX_VALUE_CHARS
          || labels && !AlertIntake.isLabelName(name)) {
        return null;
      }
      out.put(name, new String(b, i + 1, valueEnd - i - 1, StandardCharsets.ISO_8859_1));
      i = PlainJson.ws(b, valueEnd + 1, to);
      int c = PlainJson.at(b, i, to);
      if (c == '}') {
        return i == to - 1 ? out : null;
      }
      if (c != ',') {
        return null;
      }
      i = PlainJson.ws(b, i + 1, to);
    }
  }

  /** Just past the first {@code '}'} in {@code b[from, to)}, or -1: a proposed end, to be confirmed by a kept copy. */
  private static int closeBrace(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '}') {
        return i + 1;
      }
    }
    return -1;
  }

  private static int field(byte[] b, int from, int to) {
    if (PlainJson.is(b, from, to, "labels")) {
      return LABELS;
    } else if (PlainJson.is(b, from, to, "annotations")) {
      return ANNOTATIONS;
    } else if (PlainJson.is(b, from, to, "startsAt")) {
      return STARTS_AT;
    } else if (PlainJson.is(b, from, to, "endsAt")) {
      return ENDS_AT;
    }
    return PlainJson.is(b, from, to, "generatorURL") ? GENERATOR : 0;
  }

  /** A plain ASCII string's text, the same String for the same bytes while kept. */
  private String text(byte[] b, int from, int to) {
    long hash = RawObjectCache.hash(b, from, to);
    String kept = texts.find(b, from, to, hash);
    if (kept == null) {
      kept = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
      texts.put(b, from, to, hash, kept);
    }
    return kept;
  }

  /** One alert object {@code body[from, to)} by the parser, as within the body; null if it is not one. */
  private PostedAlert parsedAlert(byte[] body, int from, int to, int index) {
    try (JsonParser p = factory.createParser(body, from, to - from)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      PostedAlert alert = alert(p, body, from, index);
      return p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null ? alert : null;
    } catch (IOException e) {
      return null; // the whole body is parsed again, for the error the parser gives there
    }
  }

  /** The whole body by the parser (the fast path's reference, in tests). */
  List<PostedAlert> parsed(byte[] body) throws BadBody {
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
        out.add(alert(p, body, 0, out.size()));
      }
      return out;
    } catch (JsonProcessingException e) {
      throw new BadBody("invalid_json", "request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadBody("invalid_json", "request body is not readable: " + e.getMessage());
    }
  }

  /** @param base where the parser's input starts in {@code body} */
  private PostedAlert alert(JsonParser p, byte[] body, int base, int index) throws IOException {
    PostedAlert.Errors errors = new PostedAlert.Errors();
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      errors.object = new BadAlert("not_an_object", "must be a JSON object");
      return new PostedAlert(index, LabelSet.EMPTY, AnnotationSet.EMPTY, "", "", "", errors);
    }
    LabelSet labels = LabelSet.EMPTY;
    AnnotationSet annotations = AnnotationSet.EMPTY;
    String startsAt = "";
    String endsAt = "";
    String generator = "";
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      try {
        switch (field) {
          case "labels" -> labels = labels(p, body, base);
          case "annotations" -> annotations = annotations(p, body, base);
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

  private LabelSet labels(JsonParser p, byte[] body, int base) throws IOException {
    return cached(p, body, base, "labels", labelSets, LabelSet::of, LabelSet::valid);
  }

  private AnnotationSet annotations(JsonParser p, byte[] body, int base) throws IOException {
    return cached(p, body, base, "annotations", annotationSets, AnnotationSet::of, a -> true);
  }

  /**
   * The {@code field} object at the parser, from {@code cache} when its exact bytes are kept;
   * else decoded by {@link #strings} (which throws as before) and kept if {@code keep}.
   */
  private static <V> V cached(JsonParser p, byte[] body, int base, String field, RawObjectCache<V> cache,
      Function<SortedMap<String, String>, V> of, Predicate<V> keep) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      return of.apply(strings(p, field));
    }
    int from = base + (int) p.currentTokenLocation().getByteOffset();
    int to = RawObjectCache.end(body, from);
    long hash = to < 0 ? 0 : RawObjectCache.hash(body, from, to);
    V kept = to < 0 ? null : cache.get(body, from, to, hash);
    if (kept != null) {
      p.skipChildren();
      return kept;
    }
    V value = of.apply(strings(p, field));
    if (keep.test(value) && endedAt(p, to - base)) {
      cache.put(body, from, to, hash, value);
    }
    return value;
  }

  /** The parser's object ended where the byte scan said ({@code to} exclusive): the range is that object. */
  private static boolean endedAt(JsonParser p, int to) {
    return to > 0 && p.currentToken() == JsonToken.END_OBJECT && p.currentTokenLocation().getByteOffset() == to - 1;
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
