package io.sextant.common.model;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
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

  /** A sorted map no one else holds, seen only through an unmodifiable view. */
  private static final class Frozen extends AbstractMap<String, String> {
    private final Map<String, String> view;

    Frozen(TreeMap<String, String> own) {
      this.view = Collections.unmodifiableMap(own);
    }

    @Override
    public int size() {
      return view.size();
    }

    @Override
    public boolean isEmpty() {
      return view.isEmpty();
    }

    @Override
    public String get(Object key) {
      return view.get(key);
    }

    @Override
    public String getOrDefault(Object key, String defaultValue) {
      return view.getOrDefault(key, defaultValue);
    }

    @Override
    public boolean containsKey(Object key) {
      return view.containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
      return view.containsValue(value);
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
      return view.entrySet();
    }

    @Override
    public Set<String> keySet() {
      return view.keySet();
    }

    @Override
    public Collection<String> values() {
      return view.values();
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super String> action) {
      view.forEach(action);
    }

    @Override
    public boolean equals(Object o) {
      return o == this || view.equals(o);
    }

    @Override
    public int hashCode() {
      return view.hashCode();
    }

    @Override
    public String toString() {
      return view.toString();
    }
  }
}
