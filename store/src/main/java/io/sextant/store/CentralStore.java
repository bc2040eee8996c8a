package io.sextant.store;

import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import io.sextant.common.store.StoreException;
import io.sextant.store.ingest.IngestBatcher;
import io.sextant.store.query.QueryPolicy;
import io.sextant.store.query.SampleQueries;
import io.sextant.common.security.JdkListener;
import io.sextant.common.security.TlsFiles;
import io.sextant.store.remotewrite.RemoteWriteReceiver;
import io.sextant.store.remotewrite.SampleMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The store as the central process runs it, in one object: the migrated {@link PostgresStore}
 * with its maintenance and rollup-refresh schedule, an {@link IngestBatcher} in front of it for
 * sample messages, and optionally the Prometheus {@link RemoteWriteReceiver} writing through the
 * same batcher. {@link #close()} stops them in reverse order: the receiver (no new requests), the
 * batcher (what is queued is written), then the store (schedule, pool, embedded server).
 *
 * <p>Bus wiring: call {@link #write(SampleBatch)} from the {@code Topic.SAMPLES} handler; it
 * returns once the message is committed (or was already) and throws {@link StoreException}
 * otherwise, so the bus acknowledges only committed messages and redelivers the rest. Other
 * messages (detections, alarms, audit) go to {@link #store()} directly.
 */
public final class CentralStore implements AutoCloseable {
  /**
   * Everything the central store needs from configuration.
   *
   * @param remoteWrite where the remote-write receiver listens; null: no receiver
   * @param remoteWriteSite the site of remote-written series without the {@code site} label
   * @param remoteWriteThreads HTTP worker threads of the receiver
   * @param remoteWriteTls the receiver's TLS; null: plaintext
   * @param remoteWriteListener who the receiver admits (tokens, rate limit); null: everyone
   */
  public record Settings(StoreConfig store, RetentionSettings retention, IngestBatcher.Settings ingest,
      InetSocketAddress remoteWrite, String remoteWriteSite, int remoteWriteThreads, TlsFiles remoteWriteTls,
      JdkListener remoteWriteListener) {
    public static final String DEFAULT_REMOTE_WRITE_SITE = "central";
    public static final int DEFAULT_REMOTE_WRITE_THREADS = 2;

    public Settings {
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(retention, "retention");
      Objects.requireNonNull(ingest, "ingest");
      if (remoteWrite != null && (remoteWriteSite == null || remoteWriteSite.isBlank())) {
        throw new IllegalArgumentException("remoteWriteSite must be set when remoteWrite is");
      }
      if (remoteWriteThreads < 1) {
        throw new IllegalArgumentException("remoteWriteThreads must be positive, got " + remoteWriteThreads);
      }
      remoteWriteListener = remoteWriteListener == null ? JdkListener.open() : remoteWriteListener;
    }

    /** Default retention and batching, no remote-write receiver. */
    public static Settings of(StoreConfig store) {
      return new Settings(store, RetentionSettings.defaults(), IngestBatcher.Settings.defaults(), null,
          DEFAULT_REMOTE_WRITE_SITE, DEFAULT_REMOTE_WRITE_THREADS, null, null);
    }

    public Settings withRetention(RetentionSettings r) {
      return new Settings(store, r, ingest, remoteWrite, remoteWriteSite, remoteWriteThreads,
          remoteWriteTls, remoteWriteListener);
    }

    public Settings withIngest(IngestBatcher.Settings i) {
      return new Settings(store, retention, i, remoteWrite, remoteWriteSite, remoteWriteThreads,
          remoteWriteTls, remoteWriteListener);
    }

    /** Serve remote write on {@code address}, as secured by {@link #withRemoteWriteSecurity}. */
    public Settings withRemoteWrite(InetSocketAddress address, String defaultSite) {
      return new Settings(store, retention, ingest, address, defaultSite, remoteWriteThreads, remoteWriteTls,
          remoteWriteListener);
    }

    /** The receiver over TLS when {@code tls} is set, admitting what {@code listener} admits. */
    public Settings withRemoteWriteSecurity(TlsFiles tls, JdkListener listener) {
      return new Settings(store, retention, ingest, remoteWrite, remoteWriteSite, remoteWriteThreads, tls, listener);
    }
  }

  private final PostgresStore store;
  private final IngestBatcher batcher;
  private final RemoteWriteReceiver remoteWrite;

  private CentralStore(PostgresStore store, IngestBatcher batcher, RemoteWriteReceiver remoteWrite) {
    this.store = store;
    this.batcher = batcher;
    this.remoteWrite = remoteWrite;
  }

  /**
   * Opens (and migrates) the store, starts its maintenance schedule on {@code clock}, the batcher
   * and, if configured, the remote-write receiver. What was started is stopped again if a later
   * step fails.
   *
   * @throws StoreException when the database cannot be reached or migrated
   * @throws UncheckedIOException when the receiver cannot listen on its address
   */
  public static CentralStore start(Settings settings, Clock clock) {
    PostgresStore store = Stores.open(settings.store(), settings.retention(), clock);
    IngestBatcher batcher = null;
    try {
      batcher = new IngestBatcher(store, settings.ingest(), clock);
      RemoteWriteReceiver receiver = null;
      if (settings.remoteWrite() != null) {
        IngestBatcher b = batcher;
        receiver = RemoteWriteReceiver.start(settings.remoteWrite(), settings.remoteWriteTls(),
            settings.remoteWriteListener(), samples -> writeAndWait(b, null, samples),
            new SampleMapping(settings.remoteWriteSite(), "site"), settings.remoteWriteThreads());
      }
      return new CentralStore(store, batcher, receiver);
    } catch (IOException | RuntimeException e) {
      if (batcher != null) {
        batcher.close();
      }
      store.close();
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot start the remote-write receiver on " + settings.remoteWrite(), io);
      }
      throw (RuntimeException) e;
    }
  }

  /**
   * Writes one bus message's samples through the batcher (the message id goes to the ingest
   * ledger, so a redelivery is skipped whole) and returns when they are committed, blocking while
   * the batcher is full. Throws the {@link StoreException} that stopped them; a retryable one
   * means "leave the message on the bus".
   */
  public void write(SampleBatch batch) {
    writeAndWait(batcher, batch.id(), batch.samples());
  }

  private static int writeAndWait(IngestBatcher batcher, String id, List<Sample> samples) {
    try {
      CompletableFuture<Void> committed = batcher.submit(id, samples);
      committed.get();
      return samples.size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for the samples to commit", true, e);
    } catch (ExecutionException | CompletionException e) {
      if (e.getCause() instanceof StoreException s) {
        throw s;
      }
      throw new StoreException("sample write failed: " + e.getCause(), false, e.getCause());
    }
  }

  /** The store, for the other message kinds and for readers. */
  public PostgresStore store() {
    return store;
  }

  public IngestBatcher batcher() {
    return batcher;
  }

  /** The remote-write receiver, if configured (its {@code port()} when bound to port 0). */
  public Optional<RemoteWriteReceiver> remoteWrite() {
    return Optional.ofNullable(remoteWrite);
  }

  /** The query API over this store's pool. */
  public SampleQueries queries(QueryPolicy policy) {
    return new SampleQueries(store.dataSource(), policy);
  }

  @Override
  public void close() {
    try {
      if (remoteWrite != null) {
        remoteWrite.close();
      }
    } finally {
      try {
        batcher.close();
      } finally {
        store.close();
      }
    }
  }
}
