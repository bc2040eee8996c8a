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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
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
 */
public final class PostgresStore implements Store {
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
  private final SampleTable samples = new SampleTable();
  private final AlarmTable alarms = new AlarmTable();
  private final DetectionTable detections = new DetectionTable();
  private final DiagnosisTable diagnoses = new DiagnosisTable();
  private final AuditLogTable audit = new AuditLogTable();

  private PostgresStore(HikariDataSource pool, EmbeddedPostgresServer server, String jdbcUrl) {
    this.pool = pool;
    this.server = server;
    this.jdbcUrl = jdbcUrl;
    this.jdbc = new Jdbc(pool);
  }

  /**
   * Connects, migrates the schema and returns the store. {@code server}, when not null, is owned
   * by the store from then on: it is stopped by {@link #close()}, or here if opening fails.
   */
  static PostgresStore open(String jdbcUrl, String user, String password, int poolSize,
      EmbeddedPostgresServer server) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    HikariDataSource pool = null;
    try {
      pool = new HikariDataSource(poolConfig(jdbcUrl, user, password, poolSize));
      migrate(pool);
      return new PostgresStore(pool, server, jdbcUrl);
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

  private static void migrate(DataSource pool) {
    MigrateResult result = Flyway.configure()
        .dataSource(pool)
        .locations("classpath:db/migration")
        .load()
        .migrate();
    // targetSchemaVersion is null when nothing was pending.
    String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
    log.info("store schema at version {} ({} migrations applied now)", version, result.migrationsExecuted);
  }

  @Override
  public int writeSamples(List<Sample> batch) {
    List<SampleTable.Keyed> good = samples.accept(batch);
    if (good.isEmpty()) {
      return 0;
    }
    return jdbc.inTransaction("write " + good.size() + " samples", c -> samples.insert(c, good));
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
      alarms.write(c, alarm);
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
    return samples.rejected();
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
    pool.close();
    if (server != null) {
      server.close();
    }
  }
}
