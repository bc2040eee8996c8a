package io.sextant.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.Sample;
import io.sextant.common.store.Store;
import io.sextant.common.store.StoreException;
import io.sextant.store.embedded.EmbeddedPostgresServer;
import io.sextant.store.ingest.IngestMessage;
import io.sextant.store.ingest.IngestSink;
import io.sextant.store.ingest.SampleWriter;
import io.sextant.store.partition.DailyPartitions;
import io.sextant.store.partition.Maintenance;
import io.sextant.store.rollup.RollupRefresher;
import io.sextant.store.timescale.TimescaleSql;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Store} on PostgreSQL. Each call is one transaction on a pooled connection; calls
 * may come from any thread. Open one with {@link Stores#open(StoreConfig)}, which also migrates
 * the schema.
 *
 * <p>A failed call throws {@link StoreException}; {@code retryable()} is true when the server
 * was unreachable or shutting down, so the caller should keep its bus message for redelivery.
 *
 * <p>As an {@link IngestSink} it is what {@link io.sextant.store.ingest.IngestBatcher} writes to.
 */
public final class PostgresStore implements Store, IngestSink {
  /** Beyond this many known series the cache is emptied rather than grown (it only saves a series upsert). */
  static final int KNOWN_SERIES_MAX = 1_000_000;

  /**
   * How long a call waits for a connection before it fails (retryable). Short, so that ingest
   * notices a dead server in seconds and lets the bus redeliver, rather than piling up threads.
   */
  static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(PostgresStore.class);

  private final HikariDataSource pool;
  private final EmbeddedPostgresServer server;
  private final String jdbcUrl;
  private final Jdbc jdbc;
  private final Layout layout;
  private final RetentionSettings settings;
  private final SampleWriter writer;
  private final RollupRefresher refresher;
  /** Days whose partition is known to exist, so the common write checks nothing. */
  private final Set<LocalDate> partitionDays = ConcurrentHashMap.newKeySet();
  /**
   * Series whose row is known to be committed, so the common write sends no series rows. Added to
   * only after a commit; series rows are never deleted by Sextant.
   */
  private final Set<Long> knownSeries = ConcurrentHashMap.newKeySet();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong skippedMessages = new AtomicLong();
  private final AtomicLong fallbacks = new AtomicLong();
  private ScheduledExecutorService maintenanceThread;
  private final SampleTable samples = new SampleTable();
  private final AlarmTable alarms = new AlarmTable();
  private final DetectionTable detections = new DetectionTable();
  private final DiagnosisTable diagnoses = new DiagnosisTable();
  private final AuditLogTable audit = new AuditLogTable();

  private PostgresStore(HikariDataSource pool, EmbeddedPostgresServer server, String jdbcUrl, Layout layout,
      RetentionSettings settings) {
    this.pool = pool;
    this.server = server;
    this.jdbcUrl = jdbcUrl;
    this.jdbc = new Jdbc(pool);
    this.layout = layout;
    this.settings = settings;
    this.writer = new SampleWriter(layout == Layout.NATIVE);
    this.refresher = new RollupRefresher(settings);
  }

  /**
   * Connects, migrates the schema and returns the store. {@code server}, when not null, is owned
   * by the store from then on: it is stopped by {@link #close()}, or here if opening fails.
   */
  static PostgresStore open(String jdbcUrl, String user, String password, int poolSize,
      EmbeddedPostgresServer server, RetentionSettings settings) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(settings, "settings");
    HikariDataSource pool = null;
    try {
      pool = new HikariDataSource(poolConfig(jdbcUrl, user, password, poolSize));
      migrate(pool, settings);
      Layout layout = new Jdbc(pool).inTransaction("read the samples layout", Layout::recorded);
      if (layout == Layout.TIMESCALEDB) {
        // Re-applied at every open so that changed retention settings take effect.
        new Jdbc(pool).inTransaction("apply TimescaleDB policies", c -> {
          try (Statement st = c.createStatement()) {
            for (String sql : TimescaleSql.policies(settings)) {
              st.execute(sql);
            }
          }
          return null;
        });
      }
      return new PostgresStore(pool, server, jdbcUrl, layout, settings);
    } catch (RuntimeException e) {
      if (pool != null) {
        pool.close();
      }
      if (server != null) {
        server.close();
      }
      throw e instanceof StoreException s ? s
          : new StoreException("cannot open store at " + jdbcUrl + ": " + e.getMessage(), SqlErrors.retryable(e), e);
    }
  }

  private static HikariConfig poolConfig(String jdbcUrl, String user, String password, int poolSize) {
    HikariConfig c = new HikariConfig();
    c.setPoolName("sextant-store");
    c.setJdbcUrl(jdbcUrl);
    c.setUsername(user);
    c.setPassword(password);
    c.setMaximumPoolSize(poolSize);
    c.setMinimumIdle(1);
    c.setAutoCommit(false);
    c.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    c.addDataSourceProperty("ApplicationName", "sextant");
    return c;
  }

  private static void migrate(DataSource pool, RetentionSettings settings) {
    MigrateResult result = Flyway.configure()
        .dataSource(pool)
        .locations("classpath:db/migration")
        .javaMigrations(new V2__TimeLayout(settings))
        .load()
        .migrate();
    // targetSchemaVersion is null when nothing was pending.
    String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
    log.info("store schema at version {} ({} migrations applied now)", version, result.migrationsExecuted);
  }

  /**
   * Writes the batch in one transaction (see {@link SampleWriter}): validated, COPied straight
   * into the daily partitions (created first for days that have none yet: late or early data),
   * with a per-row duplicate check only when the COPY meets a row already stored. Returns the rows
   * inserted; 0 for a resent batch. Without a message id; prefer {@link #writeSamples(String, List)}.
   */
  @Override
  public int writeSamples(List<Sample> batch) {
    return writeSamples(null, batch);
  }

  /**
   * As {@link #writeSamples(List)}, for one bus message: a message whose id was already committed
   * (within the ledger retention) is skipped whole and returns 0.
   */
  public int writeSamples(String messageId, List<Sample> batch) {
    return write(List.of(prepare(messageId, batch)));
  }

  @Override
  public IngestMessage prepare(String messageId, List<Sample> batch) {
    return IngestMessage.prepare(messageId, batch, rejected);
  }

  /** Writes prepared messages in one transaction; returns the rows inserted. */
  @Override
  public int write(List<IngestMessage> messages) {
    List<IngestMessage> good = messages.stream().filter(m -> m.count() > 0).toList();
    if (good.isEmpty()) {
      return 0;
    }
    int rows = good.stream().mapToInt(IngestMessage::count).sum();
    String what = "write " + rows + " samples of " + good.size() + " messages";
    ensurePartitions(good);
    SampleWriter.Result result;
    try {
      result = jdbc.inTransaction(what, c -> writer.write(c, good, knownSeries));
    } catch (StoreException e) {
      if (!missingPartition(e)) {
        throw e;
      }
      // Another process dropped a partition we believed in (retention): forget, recreate, retry once.
      partitionDays.clear();
      ensurePartitions(good);
      result = jdbc.inTransaction(what, c -> writer.write(c, good, knownSeries));
    }
    if (knownSeries.size() + result.newSeries().size() > KNOWN_SERIES_MAX) {
      knownSeries.clear();
    }
    knownSeries.addAll(result.newSeries());
    skippedMessages.addAndGet(result.skippedMessages());
    if (result.fallback()) {
      fallbacks.incrementAndGet();
    }
    return result.inserted();
  }

  private void ensurePartitions(List<IngestMessage> messages) {
    if (layout != Layout.NATIVE) {
      return;
    }
    Set<LocalDate> missing = new TreeSet<>();
    for (IngestMessage m : messages) {
      for (LocalDate day : m.days()) {
        if (!partitionDays.contains(day)) {
          missing.add(day);
        }
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    jdbc.inTransaction("create partitions " + missing, c -> {
      for (LocalDate day : missing) {
        if (DailyPartitions.ensure(c, day)) {
          log.info("created partition {} on write (late or early data)", DailyPartitions.name(day));
        }
      }
      return null;
    });
    partitionDays.addAll(missing);
  }

  private static boolean missingPartition(StoreException e) {
    return e.getCause() instanceof SQLException sql && "23514".equals(sql.getSQLState())
        && String.valueOf(sql.getMessage()).contains("no partition");
  }

  /** The layout chosen by the migration: native partitions or TimescaleDB. */
  public Layout layout() {
    return layout;
  }

  public RetentionSettings retention() {
    return settings;
  }

  /**
   * Brings the native rollups up to date with the samples committed so far (see
   * {@link RollupRefresher}); {@code now} sets the raw-retention cutoff. Does nothing on
   * TimescaleDB, whose continuous aggregates refresh themselves.
   */
  public RollupRefresher.Report refreshRollups(Instant now) {
    if (layout != Layout.NATIVE) {
      return new RollupRefresher.Report(0, 0, 0);
    }
    return jdbc.inTransaction("refresh rollups", c -> refresher.refresh(c, now));
  }

  /**
   * One maintenance pass at {@code now}: rollups refreshed, partitions ahead, retention drops, old
   * rollup and ledger rows. On TimescaleDB its own policies do all but the ledger.
   */
  public Maintenance.Report runMaintenance(Instant now) {
    Maintenance maintenance = new Maintenance(settings);
    if (layout != Layout.NATIVE) {
      long ledger = jdbc.inTransaction("expire the ingest ledger", c -> maintenance.expireLedger(c, now));
      return new Maintenance.Report(List.of(), List.of(), 0, 0, ledger);
    }
    // Refresh first: dirty minutes of a day about to be dropped are summarised while its rows exist.
    refreshRollups(now);
    Maintenance.Report report = jdbc.inTransaction("run store maintenance", c -> maintenance.run(c, now));
    partitionDays.removeAll(report.dropped());
    partitionDays.addAll(report.created());
    if (!report.created().isEmpty() || !report.dropped().isEmpty()) {
      log.info("maintenance: partitions created {}, dropped {}; rollup rows deleted 1m={} 1h={}", report.created(),
          report.dropped(), report.rollup1mDeleted(), report.rollup1hDeleted());
    }
    return report;
  }

  /**
   * Runs {@link #runMaintenance} now and then every {@code maintenanceEvery}, and
   * {@link #refreshRollups} every {@code rollupRefreshEvery}, on one daemon thread (so they never
   * overlap), reading time from {@code clock}, until {@link #close()}. A failed pass is logged and
   * the next one tries again.
   */
  public synchronized void startMaintenance(Clock clock) {
    if (maintenanceThread != null) {
      throw new IllegalStateException("maintenance already started");
    }
    maintenanceThread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sextant-store-maintenance");
      t.setDaemon(true);
      return t;
    });
    long every = settings.maintenanceEvery().toMillis();
    maintenanceThread.scheduleAtFixedRate(() -> {
      try {
        runMaintenance(clock.instant());
      } catch (RuntimeException e) {
        log.warn("store maintenance failed, next try in {}: {}", settings.maintenanceEvery(), e.getMessage());
      }
    }, 0, every, TimeUnit.MILLISECONDS);
    long refreshEvery = settings.rollupRefreshEvery().toMillis();
    maintenanceThread.scheduleWithFixedDelay(() -> {
      try {
        refreshRollups(clock.instant());
      } catch (RuntimeException e) {
        log.warn("rollup refresh failed, next try in {}: {}", settings.rollupRefreshEvery(), e.getMessage());
      }
    }, refreshEvery, refreshEvery, TimeUnit.MILLISECONDS);
  }

  @Override
  public void writeDetection(Detection detection) {
    jdbc.inTransaction("write detection " + detection.id(), c -> {
      detections.write(c, detection);
      return null;
    });
  }

  @Override
  public void writeAlarm(Alarm alarm) {
    jdbc.inTransaction("write alarm " + alarm.id(), c -> {
      alarms.write(c, List.of(alarm), null);
      return null;
    });
  }

  /** One transaction, one round trip for the statements and one commit (one fsync) for all. */
  @Override
  public void writeAlarms(List<Alarm> changes) {
    writeAlarms(changes, null);
  }

  @Override
  public void writeAlarms(List<Alarm> changes, List<byte[]> docs) {
    alarmBatch(changes, docs, false);
  }

  /** As {@link #writeAlarms(List, List)}, without the redelivery rules' look-ups (AlarmTable.append). */
  @Override
  public void appendAlarms(List<Alarm> changes, List<byte[]> docs) {
    alarmBatch(changes, docs, true);
  }

  private void alarmBatch(List<Alarm> changes, List<byte[]> docs, boolean append) {
    if (changes.isEmpty()) {
      return;
    }
    String what = (append ? "append " : "write ") + changes.size() + " alarm changes (first "
        + changes.get(0).id() + ")";
    jdbc.inTransaction(what, c -> {
      if (append) {
        alarms.append(c, changes, docs);
      } else {
        alarms.write(c, changes, docs);
      }
      return null;
    });
  }

  @Override
  public void writeDiagnosis(Diagnosis diagnosis) {
    jdbc.inTransaction("write diagnosis " + diagnosis.id(), c -> {
      diagnoses.write(c, diagnosis);
      return null;
    });
  }

  @Override
  public void writeActionEvent(ActionEvent event) {
    jdbc.inTransaction("write action event " + event.id(), c -> {
      audit.write(c, event);
      return null;
    });
  }

  @Override
  public List<Sample> samples(String metric, Instant from, Instant to) {
    return jdbc.inTransaction("read samples of " + metric, c -> samples.select(c, metric, from, to));
  }

  @Override
  public long sampleCount() {
    return jdbc.inTransaction("count samples", samples::count);
  }

  @Override
  public List<Detection> detections() {
    return jdbc.inTransaction("read detections", detections::all);
  }

  /** One site's detections of one metric in [from, to), oldest first (a KPI chart's marks). */
  public List<Detection> detections(String site, String metric, Instant from, Instant to) {
    return jdbc.inTransaction("read detections of " + site + " " + metric, c -> detections.of(c, site, metric, from,
        to));
  }

  @Override
  public List<Alarm> alarms() {
    return jdbc.inTransaction("read alarms", alarms::current);
  }

  @Override
  public List<Alarm> alarmHistory(String alarmId) {
    return jdbc.inTransaction("read history of alarm " + alarmId, c -> alarms.history(c, alarmId));
  }

  @Override
  public List<Diagnosis> diagnoses() {
    return jdbc.inTransaction("read diagnoses", diagnoses::all);
  }

  @Override
  public List<ActionEvent> auditLog() {
    return jdbc.inTransaction("read the audit log", audit::all);
  }

  /** Samples dropped since open because they could not be stored (NaN, infinite, null). */
  public long rejectedSamples() {
    return rejected.get();
  }

  /** Messages skipped whole since open because their id was already committed (redeliveries). */
  public long skippedMessages() {
    return skippedMessages.get();
  }

  /** Writes since open whose direct COPY met an already stored row and took the per-row path. */
  public long fallbackWrites() {
    return fallbacks.get();
  }

  /** Forgets which series rows exist; for tests and tools that delete series rows behind the store's back. */
  public void forgetKnownSeries() {
    knownSeries.clear();
  }

  /** The pooled data source, for readers outside the SPI (dashboards, reports). */
  public DataSource dataSource() {
    return pool;
  }

  /** The URL the store connects to; for an embedded server, point Grafana or psql here. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** Closes the pool, then stops the embedded server if the store started one. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (maintenanceThread != null) {
        maintenanceThread.shutdownNow();
      }
    }
    pool.close();
    if (server != null) {
      server.close();
    }
  }
}
