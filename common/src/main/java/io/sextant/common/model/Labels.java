package io.sextant.common.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.sextant.common.codec.JsonCodec;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/** Label maps on the wire are immutable and sorted by key, so encodings are byte-stable. */
public final class Labels {
  private Labels() {}

  /**
   * An immutable, key-sorted copy of {@code labels}; a map this class made is returned as it is,
   * not copied again (a sample rebuilt for another site, a source that reuses a series' labels
   * from one window to the next: an edge's window of 10,000 samples would otherwise copy 10,000
   * maps that it keeps until the window is sent).
   */
  public static Map<String, String> copyOf(Map<String, String> labels) {
    if (labels instanceof Frozen) {
      return labels;
    }
    if (labels == null || labels.isEmpty()) {
      return Map.of();
    }
    return new Frozen(new TreeMap<>(labels));
  }

  /** Whether {@code labels} is a map {@link #copyOf} or {@link #of} made (immutable, sorted by key). */
  static boolean isOwn(Map<String, String> labels) {
    return labels instanceof Frozen;
  }

  public static Map<String, String> of(String... kv) {
    if (kv.length % 2 != 0) {
      throw new IllegalArgumentException("labels need key/value pairs, got " + kv.length + " strings");
    }
    TreeMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return new Frozen(m);
  }

  /**
   * Immutable labels sorted by key, as one array {@code k0, v0, k1, v1, ...}: an edge keeps
   * 10,000 series' label maps, and a window's samples hold theirs until it is sent, so they are
   * kept small (a 5-label map: ~70 bytes instead of ~300 as an unmodifiable {@code TreeMap}).
   */
  @JsonSerialize(using = FrozenJson.class)
  private static final class Frozen extends AbstractMap<String, String> {
    private final String[] kv;
    private int hash;
    /** The map's JSON text as the codec writes it, kept from its second encoding on ({@link #text}). */
    private SerializedString json;

    Frozen(TreeMap<String, String> sorted) {
      kv = new String[sorted.size() * 2];
      int i = 0;
      for (Map.Entry<String, String> e : sorted.entrySet()) {
        kv[i++] = e.getKey();
        kv[i++] = e.getValue();
      }
    }

    private int index(Object key) {
      if (!(key instanceof String k)) {
        return -1;
      }
      int lo = 0;
      int hi = kv.length / 2 - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        int c = kv[2 * mid].compareTo(k);
        if (c < 0) {
          lo = mid + 1;
        } else if (c > 0) {
          hi = mid - 1;
        } else {
          return mid;
        }
      }
      return -1;
    }

    @Override
    public int size() {
      return kv.length / 2;
    }

    @Override
    public boolean isEmpty() {
      return kv.length == 0;
    }

    @Override
    public String get(Object key) {
      int i = index(key);
      return i < 0 ? null : kv[2 * i + 1];
    }

    @Override
    public String getOrDefault(Object key, String defaultValue) {
      int i = index(key);
      return i < 0 ? defaultValue : kv[2 * i + 1];
    }

    @Override
    public boolean containsKey(Object key) {
      return index(key) >= 0;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Entry<String, String>> iterator() {
          return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
              return i < kv.length;
            }

            @Override
            public Entry<String, String> next() {
              if (i >= kv.length) {
                throw new NoSuchElementException();
              }
              Entry<String, String> e = new SimpleImmutableEntry<>(kv[i], kv[i + 1]);
              i += 2;
              return e;
            }
          };
        }

        @Override
        public int size() {
          return kv.length / 2;
        }
      };
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super String> action) {
      for (int i = 0; i < kv.length; i += 2) {
        action.accept(kv[i], kv[i + 1]);
      }
    }

    @Override
    public int hashCode() {
      int h = hash;
      if (h == 0) {
        for (int i = 0; i < kv.length; i += 2) {
          h += kv[i].hashCode() ^ java.util.Objects.hashCode(kv[i + 1]);
        }
        hash = h;
      }
      return h;
    }
  }

  /** {@link Frozen#json} once encoded once: a map encoded once only (a sample's) is not worth a kept text. */
  private static final SerializedString ONCE = new SerializedString("");
  /** {@link Frozen#json} when its text is not kept (a surrogate: see {@link #text}). */
  private static final SerializedString NOT_KEPT = new SerializedString("");

  /**
   * The labels as UTF-8 JSON, as the codec writes them: for a map {@link #copyOf} made, its kept
   * text from its second encoding on (an alarm's labels go into its stored document and, parsed,
   * into a column of their own, at every change of the alarm), else encoded now.
   */
  public static byte[] json(Map<String, String> labels) {
    if (labels instanceof Frozen f) {
      SerializableString text = text(f);
      if (text != null) {
        return text.asUnquotedUTF8().clone();
      }
    }
    return JsonCodec.get().encode(labels);
  }

  /**
   * The kept JSON text of {@code labels}, made by the codec's own generator at its second
   * encoding; null before that, and for good when a name or value has a surrogate: the UTF-8
   * generator escapes those ({@code \uD83D\uDEA8}), which a text re-encoded as UTF-8 would not. A
   * race makes the same text twice, harmlessly.
   */
  private static SerializableString text(Frozen labels) {
    SerializedString text = labels.json;
    if (text == null || text == ONCE) {
      if (text == null || hasSurrogate(labels.kv)) {
        labels.json = text == null ? ONCE : NOT_KEPT;
        return null;
      }
      StringWriter out = new StringWriter();
      try (JsonGenerator gen = JsonCodec.get().mapper().getFactory().createGenerator(out)) {
        FrozenJson.write(labels, gen);
      } catch (IOException e) {
        throw new UncheckedIOException(e); // a StringWriter does not fail
      }
      text = new SerializedString(out.toString());
      labels.json = text;
    }
    return text == NOT_KEPT ? null : text;
  }

  /** Whether the text of {@code labels} is kept (for tests). */
  static boolean kept(Map<String, String> labels) {
    return labels instanceof Frozen f && f.json != null && f.json != ONCE && f.json != NOT_KEPT;
  }

  private static boolean hasSurrogate(String[] kv) {
    for (String s : kv) {
      if (s != null) {
        for (int i = 0; i < s.length(); i++) {
          if (Character.isSurrogate(s.charAt(i))) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Writes a {@link Frozen} map as Jackson's map serializer would, in its own (sorted) order: the
   * codec sorts map keys, and Jackson sorts a map that is not a {@code SortedMap} by copying it
   * into a {@code TreeMap} first, which was most of the cost of encoding an alarm's labels.
   */
  static final class FrozenJson extends StdSerializer<Frozen> {
    FrozenJson() {
      super(Frozen.class);
    }

    @Override
    public void serialize(Frozen labels, JsonGenerator gen, SerializerProvider provider) throws IOException {
      // The codec's compact UTF-8 output: the kept text is exactly what the calls below would write.
      if (gen instanceof UTF8JsonGenerator && gen.getCodec() == JsonCodec.get().mapper()
          && gen.getPrettyPrinter() == null && gen.getCharacterEscapes() == null && gen.getHighestEscapedChar() == 0) {
        SerializableString text = text(labels);
        if (text != null) {
          gen.writeRawValue(text);
          return;
        }
      }
      write(labels, gen);
    }

    static void write(Frozen labels, JsonGenerator gen) throws IOException {
      gen.writeStartObject(labels, labels.size());
      for (int i = 0; i < labels.kv.length; i += 2) {
        gen.writeFieldName(labels.kv[i]);
        String value = labels.kv[i + 1];
        if (value == null) {
          gen.writeNull();
        } else {
          gen.writeString(value);
        }
      }
      gen.writeEndObject();
    }

    @Override
    public boolean isEmpty(SerializerProvider provider, Frozen labels) {
      return labels.isEmpty();
    }
  }
}
