package io.sextant.alarm.persist;

import io.sextant.alarm.AlarmListener;
import io.sextant.common.codec.JsonCodec;
import io.sextant.common.model.Alarm;
import io.sextant.common.store.Store;
import io.sextant.common.store.StoreException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of the alarm engine's changes: the engine hands each change over under its lock
 * ({@link #changed}, a queue append), one writer thread takes every change waiting and writes them
 * with {@link Store#appendAlarms} (one transaction, one fsync; {@link Store#writeAlarms}, through
 * the store's redelivery rules, after a start or a failed write); a second thread (the passer) then
 * passes each on to {@code downstream} (bus, notification pipeline, hub) in the engine's order,
 * while the writer commits the next batch, and wakes the callers waiting in
 * {@link #awaitCommitted}. Callers that only need their changes queued within a bound (the
 * batched Alertmanager intake) wait in {@link #awaitLagBelow}, which looks at the store alone. A caller is answered once everything announced before it
 * returned is committed, so concurrent requests share commits instead of queueing on the
 * engine's lock behind one transaction each.
 *
 * <p><b>When the store fails.</b> A retryable failure (server down, out of connections) is
 * retried with backoff, the same batch first, for as long as it lasts: the engine has already
 * applied the changes, and the writer makes the store catch up in order. Callers waiting longer
 * than the commit timeout get a retryable {@link StoreException} (the HTTP API answers 503, a bus
 * handler leaves its message for redelivery); their input was taken, and a resend is dropped as a
 * redelivery but waits for the same commit. Nothing is passed on before it is committed. If the
 * process dies meanwhile, the changes not committed were answered to nobody with success, and the
 * store still holds the state before them. A change the store refuses for good (not retryable,
 * e.g. a document PostgreSQL cannot hold) is retried alone to keep the rest of its batch, then
 * logged, counted ({@link #refused()}) and passed on unwritten: the one case where the engine's
 * memory holds what the store does not.
 *
 * <p><b>A parent's symptoms are stored as their links.</b> A change of an open parent (a root
 * cause, a window root, an operator's group) that only relinks it (a symptom joined or left, so
 * its {@code correlatedAlarmIds} and {@code time} differ from its last stored state and nothing
 * else does) is passed on but not written ({@link #relinks()}): the symptom's own change, queued
 * with it, stores its {@code parentAlarmId}, and the store's readers list a parent's open symptoms
 * from those links. Writing the parent whole at each symptom made a storm quadratic: a root over
 * hundreds of symptoms rewrote its whole list, and appended it to its history, at every one of
 * them (docs/benchmarks-alarms.md).
 *
 * <p>Thread-safe. {@link #close} stops taking changes and writes what is waiting, for at most
 * the drain time.
 */
public final class GroupCommit implements AlarmListener, AutoCloseable {
  /** How long a caller waits for its changes to be committed before it is told to retry. */
  public static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
  /** Most changes written in one transaction. */
  public static final int MAX_BATCH = 2_000;
  static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
  /**
   * How long the writer lets a batch fill after its first change while nobody waits for a commit
   * (the batched intake answers before the store): one transaction of ~150 changes costs
   * PostgreSQL about half as much a change as ~20 (store's AlarmWriteBench), and the writer wakes
   * once a batch instead of once a change. Far below the batched intake's lag bound.
   */
  static final Duration GATHER = Duration.ofMillis(10);
  /** Longest {@link #close} lets the writer catch up (the commit timeout when shorter). */
  static final Duration DRAIN = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
  /** Stands for a null in {@link #storedJson} (an ArrayDeque holds no null). */
  private static final byte[] NOT_ENCODED = new byte[0];

  private final Store store;
  private final Downstream downstream;
  private final JsonCodec codec = JsonCodec.get();
  private final long timeoutNanos;
  private final long drainNanos;
  private final long gatherNanos;
  private final Thread writer;
  private final Object lock = new Object();
  private final Thread passer;
  // Guarded by lock. pending holds the changes not yet stored (the batch in flight stays in it until
  // committed), queuedAt their System.nanoTime() when queued; stored holds the committed changes
  // the passer has not passed on yet. Numbered: passed on 1 .. committed, stored committed + 1 ..
  // committed + stored.size(), pending after them .. enqueued; all oldest first.
  private final ArrayDeque<Alarm> pending = new ArrayDeque<>();
  private final ArrayDeque<Long> queuedAt = new ArrayDeque<>();
  private final ArrayDeque<Alarm> stored = new ArrayDeque<>();
  /** The JSON each of {@link #stored} was written as (same order; null where it could not be encoded). */
  private final ArrayDeque<byte[]> storedJson = new ArrayDeque<>();
  private long enqueued;
  private long committed;
  private boolean writerDone;
  /** The writer waits for a first change (it needs a notify); else it is writing or gathering. */
  private boolean writerIdle;
  /** Callers waiting on the writer ({@link #awaitCommitted}, a lagging {@link #awaitLagBelow}): no gathering then. */
  private int waiters;
  private boolean closed;
  private String lastFailure;

  private final LongAdder commits = new LongAdder();
  private final LongAdder written = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder passOnFailures = new LongAdder();
  private final LongAdder lagWaits = new LongAdder();
  private final LongAdder relinks = new LongAdder();
  private final LongAdder appends = new LongAdder();
  /**
   * Writer thread only: the last stored state of each open alarm that lists correlated alarms, to
   * tell a change that only relinks it.
   */
  private final Map<String, Alarm> parents = new HashMap<>();
  /**
   * Writer thread only: every write since the first committed, so the store holds exactly what this
   * writer stored and a batch cannot hold a redelivery ({@link Store#appendAlarms}). False until
   * the first commit and from a failed write until the next commit, whose outcome the writer
   * cannot know (a commit can succeed and its answer be lost): those batches go through the
   * store's redelivery rules ({@link Store#writeAlarms}).
   */
  private boolean inStep;

  /**
   * Where committed changes go, each with the JSON it was stored as ({@code JsonCodec.encode}), so
   * the bus need not encode it again; null when the codec could not encode it.
   */
  @FunctionalInterface
  public interface Downstream {
    void stored(Alarm alarm, byte[] json);
  }

  /** As {@link #GroupCommit(Store, Downstream, Duration)}, for a downstream that needs no JSON. */
  public GroupCommit(Store store, AlarmListener downstream, Duration commitTimeout) {
    this(store, (Downstream) (alarm, json) -> downstream.changed(alarm), commitTimeout);
  }

  /**
   * Starts the writer thread and the passer, which passes committed changes on in order while the
   * writer commits the next ones (a slow receiver of the bus or pipeline does not delay a commit).
   */
  public GroupCommit(Store store, Downstream downstream, Duration commitTimeout) {
    this(store, downstream, commitTimeout, GATHER);
  }

  GroupCommit(Store store, Downstream downstream, Duration commitTimeout, Duration gather) {
    this.gatherNanos = gather.toNanos();
    this.store = Objects.requireNonNull(store, "store");
    this.downstream = Objects.requireNonNull(downstream, "downstream");
    this.timeoutNanos = commitTimeout.toNanos();
    this.drainNanos = Math.min(DRAIN.toNanos(), timeoutNanos);
    this.writer = new Thread(this::run, "alarm-group-commit");
    writer.setDaemon(true);
    this.passer = new Thread(this::passOnStored, "alarm-pass-on");
    passer.setDaemon(true);
    writer.start();
    passer.start();
  }

  /** Queues the change; the engine's lock is held, so the queue has the engine's order. */
  @Override
  public void changed(Alarm alarm) {
    synchronized (lock) {
      if (closed) {
        // Thrown before the engine applies anything: it keeps its state, the input is retried.
        throw new StoreException("the alarm service is stopping; alarm " + alarm.id() + " not taken", true, null);
      }
      pending.add(alarm);
      queuedAt.add(System.nanoTime());
      enqueued++;
      if (writerIdle) {
        lock.notifyAll();
      }
    }
  }

  @Override
  public void awaitCommitted() {
    if (Thread.currentThread() == writer || Thread.currentThread() == passer) {
      return; // a downstream reaction that changed the engine: its change follows in the next batch
    }
    synchronized (lock) {
      long mark = enqueued;
      long deadline = System.nanoTime() + timeoutNanos;
      if (committed < mark) {
        waiters++;
        lock.notifyAll(); // a gathering writer writes now
        try {
          while (committed < mark) {
            waitForWriter(deadline, mark - committed);
          }
        } finally {
          waiters--;
        }
      }
    }
  }

  /**
   * Returns once no change queued more than {@code maxLag} ago waits for the store (the batched
   * intake): usually at once, as the writer commits continuously; while the store is slow or down
   * the caller waits (back-pressure), and after the commit timeout throws as
   * {@link #awaitCommitted} does. So whatever dies with the process was queued within one
   * {@code maxLag} of the oldest change lost: every answer saw that change younger than it.
   */
  @Override
  public void awaitLagBelow(Duration maxLag) {
    if (Thread.currentThread() == writer || Thread.currentThread() == passer) {
      return;
    }
    long lag = maxLag.toNanos();
    synchronized (lock) {
      long deadline = System.nanoTime() + timeoutNanos;
      boolean waited = false;
      try {
        while (!queuedAt.isEmpty() && System.nanoTime() - queuedAt.peek() >= lag) {
          if (!waited) {
            waited = true;
            lagWaits.increment();
            waiters++;
            lock.notifyAll();
          }
          waitForWriter(deadline, pending.size());
        }
      } finally {
        if (waited) {
          waiters--;
        }
      }
    }
  }

  /** One wait on the lock for the writer's next commit; throws (retryable) once the deadline passed. */
  private void waitForWriter(long deadline, long waiting) {
    long left = deadline - System.nanoTime();
    if (left <= 0 || (closed && !passer.isAlive())) {
      throw new StoreException("alarm changes not stored within " + Duration.ofNanos(timeoutNanos).toSeconds()
          + " s (" + waiting + " waiting" + (lastFailure == null ? "" : "; store: " + lastFailure)
          + "); they are kept and written when the store answers", true, null);
    }
    try {
      lock.wait(Math.max(1, left / 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for the store", true, e);
    }
  }

  private void run() {
    List<Alarm> batch = new ArrayList<>();
    List<byte[]> docs = new ArrayList<>();
    List<Alarm> toStore = new ArrayList<>();
    List<byte[]> toStoreDocs = new ArrayList<>();
    // The parents' states this batch stores (null: no longer a parent), applied once it is committed.
    Map<String, Alarm> batchParents = new HashMap<>();
    long backoff = FIRST_BACKOFF.toMillis();
    long drainUntil = Long.MAX_VALUE;
    while (true) {
      synchronized (lock) {
        writerIdle = true;
        while (pending.isEmpty() && !closed) {
          waitQuietly(0);
        }
        writerIdle = false;
        long until = queuedAt.isEmpty() ? 0 : queuedAt.peek() + gatherNanos;
        for (long left = until - System.nanoTime(); left > 0 && waiters == 0 && !closed
            && pending.size() < MAX_BATCH; left = until - System.nanoTime()) {
          waitQuietly(Math.max(1, left / 1_000_000));
        }
        if (closed) {
          drainUntil = Math.min(drainUntil, System.nanoTime() + drainNanos);
          if (pending.isEmpty() || System.nanoTime() > drainUntil) {
            if (!pending.isEmpty()) {
              log.warn("stopping with {} alarm changes not stored: {}", pending.size(), lastFailure);
            }
            writerDone = true;
            lock.notifyAll();
            return;
          }
        }
        batch.clear();
        Iterator<Alarm> it = pending.iterator();
        while (it.hasNext() && batch.size() < MAX_BATCH) {
          batch.add(it.next());
        }
      }
      // Encoded once, on this thread: the store keeps these bytes, the passer publishes them.
      select(batch, toStore, batchParents);
      encode(batch, toStore, docs, toStoreDocs);
      String failure = toStore.isEmpty() ? null : write(toStore, toStoreDocs);
      if (failure != null) {
        failures.increment();
        synchronized (lock) {
          if (lastFailure == null) {
            log.warn("cannot store {} alarm changes, retrying: {}", batch.size(), failure);
          }
          lastFailure = failure;
          // New changes notify the lock too; they join the retried batch, they do not shorten the wait.
          long until = System.nanoTime() + backoff * 1_000_000;
          for (long left = backoff; left > 0; left = (until - System.nanoTime()) / 1_000_000) {
            waitQuietly(left);
          }
        }
        backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
        continue;
      }
      backoff = FIRST_BACKOFF.toMillis();
      relinks.add(batch.size() - toStore.size());
      batchParents.forEach((id, state) -> {
        if (state == null) {
          parents.remove(id);
        } else {
          parents.put(id, state);
        }
      });
      synchronized (lock) {
        for (int i = 0; i < batch.size(); i++) {
          stored.add(pending.poll());
          storedJson.add(docs.get(i) == null ? NOT_ENCODED : docs.get(i));
          queuedAt.poll();
        }
        if (lastFailure != null) {
          log.info("alarm changes stored again");
          lastFailure = null;
        }
        lock.notifyAll();
      }
    }
  }

  /**
   * The changes of the batch to store, in order: all but those that only relink a parent (compared
   * with its last state stored, or stored earlier in the batch); {@code batchParents} gets the
   * parents' states they store.
   */
  private void select(List<Alarm> batch, List<Alarm> toStore, Map<String, Alarm> batchParents) {
    toStore.clear();
    batchParents.clear();
    for (Alarm alarm : batch) {
      Alarm last = batchParents.containsKey(alarm.id()) ? batchParents.get(alarm.id()) : parents.get(alarm.id());
      if (last != null && onlyRelinked(last, alarm)) {
        continue;
      }
      toStore.add(alarm);
      boolean parent = !alarm.cleared() && !alarm.correlatedAlarmIds().isEmpty();
      if (parent || parents.containsKey(alarm.id()) || batchParents.containsKey(alarm.id())) {
        batchParents.put(alarm.id(), parent ? alarm : null);
      }
    }
  }

  /**
   * Whether {@code next} differs from {@code last} in its correlated alarms and time alone: the
   * record's own equality, so a field added to {@link Alarm} counts as a change without a word here.
   */
  static boolean onlyRelinked(Alarm last, Alarm next) {
    return last.relinked(next.time(), next.correlatedAlarmIds()).equals(next);
  }

  /**
   * Encodes the changes to store ({@code toStoreDocs}) and lines {@code docs} up with the batch:
   * a change not stored is encoded by the bus itself (null), should it need it.
   */
  private void encode(List<Alarm> batch, List<Alarm> toStore, List<byte[]> docs, List<byte[]> toStoreDocs) {
    docs.clear();
    toStoreDocs.clear();
    int next = 0;
    for (Alarm alarm : batch) {
      byte[] json = null;
      if (next < toStore.size() && toStore.get(next) == alarm) {
        next++;
        try {
          json = codec.encode(alarm);
        } catch (RuntimeException e) {
          json = null; // the store encodes it itself, and refuses it as before
        }
        toStoreDocs.add(json);
      }
      docs.add(json);
    }
  }

  /** The passer: passes every stored change on, in order, then counts it as committed for its callers. */
  private void passOnStored() {
    List<Alarm> batch = new ArrayList<>();
    List<byte[]> docs = new ArrayList<>();
    while (true) {
      synchronized (lock) {
        while (stored.isEmpty() && !writerDone) {
          waitQuietly(0);
        }
        if (stored.isEmpty()) {
          lock.notifyAll();
          return;
        }
        batch.clear();
        batch.addAll(stored);
        docs.clear();
        docs.addAll(storedJson);
      }
      for (int i = 0; i < batch.size(); i++) {
        byte[] json = docs.get(i);
        passOn(batch.get(i), json == NOT_ENCODED ? null : json);
      }
      synchronized (lock) {
        for (int i = 0; i < batch.size(); i++) {
          stored.poll();
          storedJson.poll();
        }
        committed += batch.size();
        lock.notifyAll();
      }
    }
  }

  /** Writes the batch; returns null when it is stored (or refused for good), else why to retry. */
  private String write(List<Alarm> batch, List<byte[]> docs) {
    try {
      if (inStep) {
        store.appendAlarms(batch, docs);
        appends.increment();
      } else {
        store.writeAlarms(batch, docs);
      }
      inStep = true;
      commits.increment();
      written.add(batch.size());
      return null;
    } catch (StoreException e) {
      inStep = false;
      if (e.retryable()) {
        return e.getMessage();
      }
    } catch (RuntimeException e) {
      inStep = false;
      // Not the store's kind of failure: treat as a refusal of something in the batch.
    }
    // Something in the batch is refused: each alone, so the others are kept.
    for (int i = 0; i < batch.size(); i++) {
      Alarm alarm = batch.get(i);
      try {
        store.writeAlarms(List.of(alarm), java.util.Collections.singletonList(docs.get(i)));
        commits.increment();
        written.increment();
      } catch (StoreException e) {
        if (e.retryable()) {
          return e.getMessage(); // the ones written alone are rewritten as no-ops
        }
        refuse(alarm, e);
      } catch (RuntimeException e) {
        refuse(alarm, e);
      }
    }
    return null;
  }

  private void refuse(Alarm alarm, RuntimeException e) {
    refused.increment();
    log.error("the store refuses alarm {} ({}); it is passed on unstored: {}", alarm.id(), alarm.key(), e.getMessage());
  }

  private void passOn(Alarm alarm, byte[] json) {
    try {
      downstream.stored(alarm, json);
    } catch (RuntimeException e) {
      passOnFailures.increment();
      log.warn("alarm {} stored but not passed on: {}", alarm.id(), e.getMessage());
    }
  }

  private void waitQuietly(long millis) {
    try {
      lock.wait(millis);
    } catch (InterruptedException e) {
      // close() interrupts nothing; keep going until closed and drained
    }
  }

  /** Changes waiting to be stored. */
  public int backlog() {
    synchronized (lock) {
      return pending.size();
    }
  }

  /** Transactions committed. */
  public long commits() {
    return commits.sum();
  }

  /** Changes stored. */
  public long written() {
    return written.sum();
  }

  /** Write attempts that failed and were retried. */
  public long failures() {
    return failures.sum();
  }

  /** Commits written as appends, without the store's redelivery rules ({@link Store#appendAlarms}). */
  public long appends() {
    return appends.sum();
  }

  /** Changes the store refused for good (passed on unstored). */
  public long refused() {
    return refused.sum();
  }

  /** Changes passed on without being stored: they only relinked a parent, whose symptoms' rows hold the links. */
  public long relinks() {
    return relinks.sum();
  }

  /** Batched callers that had to wait because an older change was not yet stored within their bound. */
  public long lagWaits() {
    return lagWaits.sum();
  }

  /** Changes stored whose passing on (bus, notifications, hub) threw. */
  public long passOnFailures() {
    return passOnFailures.sum();
  }

  /**
   * Stops taking changes, lets the writer store what is waiting (for the commit timeout, at most
   * {@link #DRAIN}), stops it.
   */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    try {
      writer.join(drainNanos / 1_000_000 + 1_000);
      passer.join(drainNanos / 1_000_000 + 1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
