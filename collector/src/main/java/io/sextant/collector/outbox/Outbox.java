package io.sextant.collector.outbox;

import io.sextant.common.codec.JsonCodec;
import io.sextant.common.model.Message;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable, bounded, prioritised queue of messages on local disk (one SQLite file, WAL mode).
 *
 * <p>{@link #append} returns only after the entry is committed, so an acknowledged append
 * survives a process kill (and, with {@link OutboxConfig#syncEveryCommit()}, a power loss).
 * {@link #drain} sends in priority order (alarms, events, samples), and within a class in append
 * order; a failed send keeps its entry and holds back the later entries of the same key, so the
 * order per series is kept across retries. Store access is synchronized (one connection: one
 * writer at a time is what SQLite wants anyway); the sender is called outside that lock.
 */
public final class Outbox implements LocalState, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);
  private static final int PAGE = 256;
  private static final long PAGE_BYTES = 4L * 1024 * 1024;
  private static final long AGE_CHECK_EVERY_MS = 1000;
  private static final String UPSERT_STATE =
      "INSERT INTO state (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value";
  private static final Priority[] DROP_ORDER = {Priority.SAMPLES, Priority.EVENT, Priority.ALARM};

  private final OutboxConfig config;
  private final Clock clock;
  private final Connection db;
  private final JsonCodec codec = JsonCodec.get();
  private final long[] depth = new long[Priority.values().length];
  private long bytes;
  private long lastAgeCheckMs = Long.MIN_VALUE;
  private final AtomicLong[][] dropped = new AtomicLong[Priority.values().length][DropReason.values().length];
  private final Object drainLock = new Object();
  private final AtomicLong appended = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong sendFailures = new AtomicLong();

  public Outbox(OutboxConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    for (AtomicLong[] row : dropped) {
      for (int i = 0; i < row.length; i++) {
        row[i] = new AtomicLong();
      }
    }
    try {
      db = DriverManager.getConnection("jdbc:sqlite:" + config.file().toAbsolutePath());
      try (Statement st = db.createStatement()) {
        st.execute("PRAGMA journal_mode=WAL");
        // NORMAL in WAL mode: a commit is in the OS before append returns (survives a process
        // kill); FULL also fsyncs each commit (survives a power loss).
        st.execute("PRAGMA synchronous=" + (config.syncEveryCommit() ? "FULL" : "NORMAL"));
        st.execute("CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
            + "priority INTEGER NOT NULL, msg_key TEXT NOT NULL, type TEXT NOT NULL, id TEXT NOT NULL, "
            + "enqueued_ms INTEGER NOT NULL, bytes INTEGER NOT NULL, payload BLOB NOT NULL)");
        st.execute("CREATE INDEX IF NOT EXISTS outbox_priority_seq ON outbox (priority, seq)");
        st.execute("CREATE INDEX IF NOT EXISTS outbox_priority_enqueued ON outbox (priority, enqueued_ms)");
        st.execute("CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value BLOB NOT NULL)");
        try (ResultSet rs = st.executeQuery("SELECT priority, count(*), coalesce(sum(bytes), 0) FROM outbox GROUP BY priority")) {
          while (rs.next()) {
            depth[rs.getInt(1)] = rs.getLong(2);
            bytes += rs.getLong(3);
          }
        }
      }
      db.setAutoCommit(false);
    } catch (SQLException e) {
      throw new OutboxException("cannot open outbox " + config.file() + ": " + e.getMessage(), e);
    }
  }

  /** Appends with the message's default class and key; committed when this returns. */
  public void append(Message m) {
    append(m, Priority.of(m), Priority.keyOf(m));
  }

  public void append(Message m, Priority priority, String key) {
    appendAll(List.of(new Entry(m, priority, key)));
  }

  /** Appends many entries in one commit (much faster than one by one); all or none. */
  public void appendAll(List<Entry> entries) {
    appendAll(entries, Map.of());
  }

  /**
   * Appends entries and replaces named {@link LocalState} values in one commit: all or none. For
   * state that must agree with what was queued (the upload policy's open aggregate windows, saved
   * with the window whose messages close some of them), so a kill cannot leave one without the
   * other.
   */
  public synchronized void appendAll(List<Entry> entries, Map<String, byte[]> state) {
    if (entries.isEmpty() && state.isEmpty()) {
      return;
    }
    long now = clock.millis();
    try (PreparedStatement ins = db.prepareStatement(
        "INSERT INTO outbox (priority, msg_key, type, id, enqueued_ms, bytes, payload) VALUES (?,?,?,?,?,?,?)");
        PreparedStatement up = db.prepareStatement(UPSERT_STATE)) {
      long added = 0;
      long[] perClass = new long[depth.length];
      for (Entry e : entries) {
        byte[] payload = codec.encode(e.message());
        ins.setInt(1, e.priority().ordinal());
        ins.setString(2, e.key());
        ins.setString(3, MessageTypes.nameOf(e.message()));
        ins.setString(4, e.message().id());
        ins.setLong(5, now);
        ins.setInt(6, payload.length);
        ins.setBytes(7, payload);
        ins.addBatch();
        added += payload.length;
        perClass[e.priority().ordinal()]++;
      }
      if (!entries.isEmpty()) {
        ins.executeBatch();
      }
      for (Map.Entry<String, byte[]> v : state.entrySet()) {
        up.setString(1, v.getKey());
        up.setBytes(2, v.getValue());
        up.executeUpdate();
      }
      db.commit();
      bytes += added;
      for (int i = 0; i < depth.length; i++) {
        depth[i] += perClass[i];
      }
      appended.addAndGet(entries.size());
    } catch (SQLException e) {
      rollback();
      throw new OutboxException("cannot append to outbox: " + e.getMessage(), e);
    }
    enforceBounds();
  }

  /**
   * Sends up to {@code max} entries in order to {@code sender}, removing each one the sender
   * took. Entries past their age bound are dropped first.
   *
   * <p>The sender runs without the outbox lock, so appends go on while a slow bus is waited for;
   * entries are read a page at a time (at most {@value #PAGE} rows or {@value #PAGE_BYTES}
   * bytes, so large sample batches do not fill the heap). One drain runs at a time. An entry
   * dropped by the bounds while it was being sent is simply not removed twice.
   */
  public DrainResult drain(int max, Sender sender) {
    synchronized (drainLock) {
      synchronized (this) {
        enforceBounds();
      }
      int sentNow = 0;
      int failed = 0;
      int heldBack = 0;
      int undecodable = 0;
      boolean unavailable = false;
      Set<String> blocked = new HashSet<>();
      int lastPriority = -1;
      long lastSeq = -1;
      while (sentNow < max && !unavailable) {
        List<Row> page = readPage(lastPriority, lastSeq);
        if (page.isEmpty()) {
          break;
        }
        List<Row> done = new ArrayList<>();
        for (Row row : page) {
          if (sentNow >= max || unavailable) {
            break;
          }
          lastPriority = row.priority();
          lastSeq = row.seq();
          if (blocked.contains(row.key())) {
            heldBack++;
            continue;
          }
          Message m;
          try {
            m = codec.decode(row.payload(), MessageTypes.byName(row.type()));
          } catch (RuntimeException e) {
            log.warn("outbox entry {} cannot be decoded and is dropped: {}", row.seq(), e.getMessage());
            dropped[row.priority()][DropReason.UNDECODABLE.ordinal()].incrementAndGet();
            done.add(row);
            undecodable++;
            continue;
          }
          try {
            sender.send(m);
          } catch (Exception e) {
            sendFailures.incrementAndGet();
            blocked.add(row.key());
            failed++;
            unavailable = e instanceof SendUnavailableException;
            continue;
          }
          done.add(row);
          sentNow++;
        }
        remove(done);
      }
      sent.addAndGet(sentNow);
      return new DrainResult(sentNow, failed, heldBack, undecodable);
    }
  }

  /**
   * Like {@link #drain(int, Sender)}, but keeps up to a page of sends in flight at once, one per
   * key: the next entry of a key is sent only after the bus acknowledged the previous one, so the
   * order per key holds even when a send fails; entries of different keys do not wait for each
   * other's round trips. A send whose future fails or is not complete within {@code ackTimeout}
   * holds back its key and ends the round (the bus is down) once the sends in flight are settled.
   */
  public DrainResult drain(int max, AsyncSender sender, Duration ackTimeout) {
    synchronized (drainLock) {
      synchronized (this) {
        enforceBounds();
      }
      DrainResult r = new PipelinedDrain(this, codec, sender, ackTimeout).run(max);
      sent.addAndGet(r.sent());
      return r;
    }
  }

  void countUndecodable(Row row) {
    log.warn("outbox entry {} cannot be decoded and is dropped: {}", row.seq(), row.type());
    dropped[row.priority()][DropReason.UNDECODABLE.ordinal()].incrementAndGet();
  }

  void countSendFailure() {
    sendFailures.incrementAndGet();
  }

  /** One stored entry as read for sending. */
  record Row(long seq, int priority, String key, String type, int bytes, byte[] payload) {}

  synchronized List<Row> readPage(int afterPriority, long afterSeq) {
    List<Row> page = new ArrayList<>();
    long pageBytes = 0;
    try (PreparedStatement q = db.prepareStatement("SELECT seq, priority, msg_key, type, bytes, payload FROM outbox "
        + "WHERE (priority, seq) > (?, ?) ORDER BY priority, seq LIMIT ?")) {
      // Keyset paging over (priority, seq): the read order is the send order.
      q.setInt(1, afterPriority);
      q.setLong(2, afterSeq);
      q.setInt(3, PAGE);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next() && (page.isEmpty() || pageBytes < PAGE_BYTES)) {
          Row r = new Row(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getBytes(6));
          page.add(r);
          pageBytes += r.bytes();
        }
      }
      db.commit(); // ends the read transaction so the WAL can be checkpointed
      return page;
    } catch (SQLException e) {
      rollback();
      throw new OutboxException("cannot read the outbox: " + e.getMessage(), e);
    }
  }

  synchronized void remove(List<Row> done) {
    if (done.isEmpty()) {
      return;
    }
    try (PreparedStatement del = db.prepareStatement("DELETE FROM outbox WHERE seq = ?")) {
      for (Row r : done) {
        del.setLong(1, r.seq());
        del.addBatch();
      }
      int[] counts = del.executeBatch();
      db.commit();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] > 0) { // 0 when the bounds dropped it while it was being sent
          depth[done.get(i).priority()]--;
          bytes -= done.get(i).bytes();
        }
      }
    } catch (SQLException e) {
      rollback();
      throw new OutboxException("cannot remove sent entries from the outbox: " + e.getMessage(), e);
    }
  }

  /**
   * Drops entries past their age bound (checked at most once per second of the clock: ages are
   * bounds in hours, and a check per append would cost more than the append), then the oldest of
   * the lowest class while over size.
   */
  private void enforceBounds() {
    long now = clock.millis();
    try {
      if (lastAgeCheckMs == Long.MIN_VALUE || now - lastAgeCheckMs >= AGE_CHECK_EVERY_MS || now < lastAgeCheckMs) {
        lastAgeCheckMs = now;
        for (Priority p : Priority.values()) {
          Duration maxAge = p == Priority.SAMPLES ? config.maxSampleAge() : config.maxEventAge();
          dropWhere(p, DropReason.AGE, "priority = ? AND enqueued_ms < ?", now - maxAge.toMillis());
        }
      }
      for (Priority p : DROP_ORDER) {
        while (bytes > config.maxBytes() && depth[p.ordinal()] > 0) {
          dropWhere(p, DropReason.SIZE, "priority = ? AND seq <= ?", oldestCovering(p, bytes - config.maxBytes()));
        }
      }
    } catch (SQLException e) {
      rollback();
      throw new OutboxException("cannot enforce outbox bounds: " + e.getMessage(), e);
    }
  }

  /** The seq up to which the oldest entries of a class free at least {@code excess} bytes (or all it has). */
  private long oldestCovering(Priority p, long excess) throws SQLException {
    long upTo = -1;
    long freed = 0;
    try (PreparedStatement q = db.prepareStatement("SELECT seq, bytes FROM outbox WHERE priority = ? ORDER BY seq")) {
      q.setInt(1, p.ordinal());
      try (ResultSet rs = q.executeQuery()) {
        while (freed < excess && rs.next()) {
          upTo = rs.getLong(1);
          freed += rs.getLong(2);
        }
      }
    }
    return upTo;
  }

  /** Deletes the entries of class {@code p} matching {@code where} (two parameters: the class and {@code arg}). */
  private void dropWhere(Priority p, DropReason reason, String where, long arg) throws SQLException {
    long n;
    long b;
    String sel = "SELECT count(*), coalesce(sum(bytes), 0) FROM outbox WHERE " + where;
    String del = "DELETE FROM outbox WHERE " + where;
    try (PreparedStatement q = db.prepareStatement(sel); PreparedStatement d = db.prepareStatement(del)) {
      q.setInt(1, p.ordinal());
      q.setLong(2, arg);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        n = rs.getLong(1);
        b = rs.getLong(2);
      }
      if (n == 0) {
        return;
      }
      d.setInt(1, p.ordinal());
      d.setLong(2, arg);
      d.executeUpdate();
    }
    db.commit();
    depth[p.ordinal()] -= n;
    bytes -= b;
    dropped[p.ordinal()][reason.ordinal()].addAndGet(n);
    log.warn("outbox dropped {} {} entries ({})", n, p, reason);
  }

  private void rollback() {
    try {
      db.rollback();
    } catch (SQLException e) {
      log.warn("outbox rollback failed: {}", e.getMessage());
    }
  }

  public synchronized long depth() {
    long n = 0;
    for (long d : depth) {
      n += d;
    }
    return n;
  }

  public synchronized long depth(Priority p) {
    return depth[p.ordinal()];
  }

  /** Encoded bytes held (the size bound applies to this). */
  public synchronized long bytes() {
    return bytes;
  }

  /** Age of the oldest entry of a class, empty when the class is empty. */
  public synchronized Optional<Duration> oldestAge(Priority p) {
    try (PreparedStatement q = db.prepareStatement(
        "SELECT enqueued_ms FROM outbox WHERE priority = ? ORDER BY seq LIMIT 1")) {
      q.setInt(1, p.ordinal());
      try (ResultSet rs = q.executeQuery()) {
        Optional<Duration> age = rs.next()
            ? Optional.of(Duration.ofMillis(Math.max(0, clock.millis() - rs.getLong(1))))
            : Optional.empty();
        db.commit();
        return age;
      }
    } catch (SQLException e) {
      throw new OutboxException("cannot read outbox age: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized Optional<byte[]> load(String name) {
    try (PreparedStatement q = db.prepareStatement("SELECT value FROM state WHERE name = ?")) {
      q.setString(1, name);
      try (ResultSet rs = q.executeQuery()) {
        Optional<byte[]> v = rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
        db.commit();
        return v;
      }
    } catch (SQLException e) {
      rollback();
      throw new OutboxException("cannot read state '" + name + "': " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void save(String name, byte[] value) {
    try (PreparedStatement up = db.prepareStatement(UPSERT_STATE)) {
      up.setString(1, name);
      up.setBytes(2, value);
      up.executeUpdate();
      db.commit();
    } catch (SQLException e) {
      rollback();
      throw new OutboxException("cannot save state '" + name + "': " + e.getMessage(), e);
    }
  }

  /** Work on the outbox's connection within one transaction, for the other tables of its file. */
  interface SqlWork<T> {
    T run(Connection db) throws SQLException;
  }

  /**
   * Runs {@code work} under the outbox's lock and commits; any failure rolls the whole of it back,
   * so a kill or an error in the middle leaves what was committed before untouched.
   */
  synchronized <T> T inTransaction(String what, SqlWork<T> work) {
    try {
      T result = work.run(db);
      db.commit();
      return result;
    } catch (SQLException e) {
      rollback();
      throw new OutboxException("cannot " + what + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      rollback();
      throw e;
    }
  }

  public long dropped(Priority p, DropReason reason) {
    return dropped[p.ordinal()][reason.ordinal()].get();
  }

  public long dropped(Priority p) {
    long n = 0;
    for (AtomicLong a : dropped[p.ordinal()]) {
      n += a.get();
    }
    return n;
  }

  public long appended() {
    return appended.get();
  }

  public long sent() {
    return sent.get();
  }

  public long sendFailures() {
    return sendFailures.get();
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw new OutboxException("cannot close outbox: " + e.getMessage(), e);
    }
  }

  /** One message to append, with its class and ordering key. */
  public record Entry(Message message, Priority priority, String key) {
    public static Entry of(Message m) {
      return new Entry(m, Priority.of(m), Priority.keyOf(m));
    }
  }
}
