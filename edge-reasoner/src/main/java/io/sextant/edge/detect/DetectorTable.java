package io.sextant.edge.detect;

/**
 * Detectors by series id, in open addressing over primitive arrays. A {@code HashMap<Long, ...>}
 * costs a boxed key and a node per series (~50 bytes) and boxes the key again on every lookup;
 * this costs ~20 bytes per series and nothing per lookup. Series are never removed: a series
 * that stops reporting keeps its few dozen bytes. Not thread-safe.
 */
final class DetectorTable {
  private static final int INITIAL_CAPACITY = 64;
  /** Linear probing stays short below this load. */
  private static final double MAX_LOAD = 0.6;

  private long[] keys = new long[INITIAL_CAPACITY];
  private SeriesDetector[] values = new SeriesDetector[INITIAL_CAPACITY];
  private int size;

  /** The detector of the series, or null when there is none. */
  SeriesDetector get(long seriesId) {
    int mask = keys.length - 1;
    for (int i = slot(seriesId, mask); values[i] != null; i = (i + 1) & mask) {
      if (keys[i] == seriesId) {
        return values[i];
      }
    }
    return null;
  }

  /** Adds the detector of a series that has none yet. */
  void add(long seriesId, SeriesDetector detector) {
    if (size + 1 > keys.length * MAX_LOAD) {
      grow();
    }
    insert(keys, values, seriesId, detector);
    size++;
  }

  int size() {
    return size;
  }

  void forEach(java.util.function.Consumer<SeriesDetector> action) {
    for (SeriesDetector d : values) {
      if (d != null) {
        action.accept(d);
      }
    }
  }

  /** A series and its detector, without boxing the id. */
  interface Entry {
    void accept(long seriesId, SeriesDetector detector);
  }

  void forEach(Entry action) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        action.accept(keys[i], values[i]);
      }
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    SeriesDetector[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new SeriesDetector[oldValues.length * 2];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] != null) {
        insert(keys, values, oldKeys[i], oldValues[i]);
      }
    }
  }

  private static void insert(long[] keys, SeriesDetector[] values, long key, SeriesDetector value) {
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (values[i] != null) {
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
  }

  /** Series ids are hashes already, but of strings that differ in their last bytes: mix all bits. */
  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
