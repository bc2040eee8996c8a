package io.sextant.alarm.dedup;

/**
 * The last {@code capacity} message ids applied. Edges re-send after a partition and the bus
 * redelivers unacknowledged messages, so the same detection can arrive twice; remembering its id
 * keeps it from counting twice. Bounded because ids arrive forever; a duplicate older than the
 * window is rare, and the engine's stale-event guard still stops it from re-raising a cleared
 * alarm. Not thread-safe.
 *
 * <p>Every message asks this set first, so it is built for that: an open-addressing table of
 * longs (hash and ring position in one word, so a miss reads one array; linear probing,
 * backward-shift deletion) over a ring of the ids in arrival order, instead
 * of a linked hash map whose nodes cost several cache misses a lookup at 100k entries. Exact: a
 * hash match is confirmed with {@code equals}. Re-adding a remembered id does not refresh it.
 */
public final class RecentIds {
  private final String[] ring;
  private final int[] ringHash;
  private int next;
  private int size;
  /** Slot → hash in the high word, ring position + 1 in the low word; 0 is empty. At most half full. */
  private final long[] slots;
  private final int mask;

  public RecentIds(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be > 0, got " + capacity);
    }
    ring = new String[capacity];
    ringHash = new int[capacity];
    int tableSize = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
    slots = new long[tableSize];
    mask = tableSize - 1;
  }

  public boolean contains(String id) {
    return find(id, spread(id.hashCode())) >= 0;
  }

  public void add(String id) {
    int h = spread(id.hashCode());
    if (find(id, h) >= 0) {
      return;
    }
    int pos = next;
    if (size == ring.length) {
      delete(pos);
    } else {
      size++;
    }
    ring[pos] = id;
    ringHash[pos] = h;
    int i = h & mask;
    while (slots[i] != 0) {
      i = (i + 1) & mask;
    }
    slots[i] = slot(h, pos);
    next = pos + 1 == ring.length ? 0 : pos + 1;
  }

  /** The slot holding {@code id}, or -1. */
  private int find(String id, int h) {
    for (int i = h & mask; slots[i] != 0; i = (i + 1) & mask) {
      if ((int) (slots[i] >>> 32) == h && ring[(int) slots[i] - 1].equals(id)) {
        return i;
      }
    }
    return -1;
  }

  /** Removes the id at ring position {@code pos} from the table, keeping every probe chain whole. */
  private void delete(int pos) {
    int i = ringHash[pos] & mask;
    long mine = slot(ringHash[pos], pos);
    while (slots[i] != mine) {
      i = (i + 1) & mask;
    }
    for (int j = (i + 1) & mask; slots[j] != 0; j = (j + 1) & mask) {
      int home = (int) (slots[j] >>> 32) & mask;
      // The entry at j may move back to the hole at i only if its home is not in (i, j].
      boolean stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
      if (!stays) {
        slots[i] = slots[j];
        i = j;
      }
    }
    slots[i] = 0;
    ring[pos] = null;
  }

  private static long slot(int h, int pos) {
    return ((long) h << 32) | (pos + 1);
  }

  /** String hashes of similar ids differ in low bits poorly; mix before masking. */
  private static int spread(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    return h;
  }
}
