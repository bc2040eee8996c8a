package io.sextant.common.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
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
