package io.sextant.node.central.config;

import static io.sextant.common.config.Keys.key;
import static io.sextant.common.config.YamlFields.address;
import static io.sextant.common.config.YamlFields.choice;
import static io.sextant.common.config.YamlFields.duration;
import static io.sextant.common.config.YamlFields.integer;
import static io.sextant.common.config.YamlFields.known;
import static io.sextant.common.config.YamlFields.map;
import static io.sextant.common.config.YamlFields.optionalMap;
import static io.sextant.common.config.YamlFields.path;
import static io.sextant.common.config.YamlFields.required;
import static io.sextant.common.config.YamlFields.section;
import static io.sextant.common.config.YamlFields.string;

import io.sextant.actuator.ActuatorSettings;
import io.sextant.alarm.raise.AlarmCatalog;
import io.sextant.alarm.service.AlarmServiceConfig;
import io.sextant.central.liveness.NoDataSettings;
import io.sextant.central.protect.ProtectionSettings;
import io.sextant.bus.pulsar.BusSettings;
import io.sextant.common.config.ConfigException;
import io.sextant.common.config.Keys;
import io.sextant.common.config.YamlFields;
import io.sextant.common.security.HttpSecurity;
import io.sextant.runbook.safety.AutomationSettings;
import io.sextant.sim.SimulationSettings;
import io.sextant.store.RetentionSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the centre's configuration file (deploy/config/central*.yaml). Every error names the file
 * and the field: an unknown key (a typo would otherwise be silently ignored), a value of the wrong
 * type, a missing required field. The {@code alarms:} section is the alarm service's own format
 * (docs/alarm-engine.md), inline or as the path of a file of its own.
 */
public final class CentralConfigFile {
  /** The top-level keys of the centre's file. */
  public static final Keys TOP = Keys.of("", "",
      key("site", "name", CentralConfig.CENTRAL, "the Pulsar namespace of what the centre publishes (alarms, "
          + "diagnoses, its action events)"),
      key("sites", "list of names", "every simulated site", "the sites whose namespaces the centre reads and sends "
          + "commands, policies and models to; required without simulation"),
      key("bus", "section", "required", "how to reach Pulsar (below)"),
      key("store", "section", "an embedded PostgreSQL", "the central store (below)"),
      key("interval", "duration, whole seconds", "10s", "a live centre's tick: localization, verification"),
      key("policy-file", "path", "—", "the sites' upload policies (format in docs/collector.md), published into "
          + "each site's namespace at start, when the file changes (checked every 10 s) and every 5 min"),
      key("topology-file", "path", "—", "a live centre's sites, links and probe paths (docs/topology.md), which "
          + "link localization reasons on; absent: no link localization"),
      key("models", "section", "—", "training, signing and pushing models (below)"),
      key("http", "section", "listen on 127.0.0.1:9093", "the centre's one HTTP port (below)"),
      key("alarms", "section or path", "no receivers", "the alarm service: receivers, routes, silences, "
          + "inhibition, escalation, flapping, inline or the path of a file in the alarm service's own format "
          + "(docs/alarm-engine.md; its `api:` is the centre's `http:`, and is refused inline). Without receivers, "
          + "alarms are raised, stored and served, and notified nowhere. `alertmanagerConfig: alertmanager.yml` in it "
          + "reads an existing Alertmanager configuration's routes, receivers and inhibition rules as they are (what "
          + "Sextant does not support is refused by name); its own `receivers:` then add to them, e.g. `type: sms`. "
          + "`intake: {durability: batched, maxDelay: 200ms}` (the default) answers an Alertmanager POST once its "
          + "changes are queued and keeps them at most `maxDelay` from being committed; `durability: commit` answers "
          + "once they are committed"),
      key("alarm-catalog", "path", "the built-in catalog", "the operator's alarm catalog (its format: the last "
          + "part of this page): the X.733 fields of the alarm each detection raises, by metric and detector, and "
          + "each diagnosis, by fault kind; its entries add to the built-in ones or replace those with the same key"),
      key("no-data", "section", "below", "alarms on silence: a served site heard nothing from, an edge with no "
          + "samples, the centre's ingest or alarm pipeline falling behind (below)"),
      key("runbooks", "path", "—", "a live centre's runbook directory (`*.yaml`, docs/remediation.md): its central "
          + "runbooks run on diagnoses and alarms; a bad file is left out, logged and counted; absent: no runbook runs"),
      key("actuators", "section", "—", "how a live centre changes the cloud: hooks, Kubernetes, commands, routing, "
          + "tc (the keys of an edge's `actuators:`)"),
      key("automation", "section", "all on", "the safety switches' initial state (the keys of an edge's "
          + "`automation:`)"),
      key("protection", "section", "below", "after a reroute around a lossy link: protection probes across it, its "
          + "alarm cleared once healthy, the routing restored after a wait (below; docs/remediation.md)"),
      key("learned-calls-max-age", "duration", "1h", "how long a call between services that an edge learned from "
          + "traces (docs/topology.md) stays in the dependency ranking's graph after it was last seen"),
      key("simulation", "section", "—", "the simulated cloud instead of the live one (below)"));
  private static final Keys PROTECTION = Keys.of("protection", "A rerouted link's protection, as G.8031/G.8032 "
      + "protection switching: the two ends of a path that crossed it probe each other across it; its alarms clear "
      + "after `clear-windows` healthy windows; `wait-to-restore` later a RESTORE action (through the guard, "
      + "audited, verified on the restored paths) undoes the reroute, and the probes stop.",
      key("wait-to-restore", "duration", "5m", "how long the link stays healthy after its alarm cleared before the "
          + "routing is restored; a lossy window raises the alarm again and restarts it"),
      key("clear-windows", "integer >= 1", Integer.toString(ProtectionSettings.DEFAULT_CLEAR_WINDOWS), "healthy "
          + "protection-probe windows in a row that clear the link's alarms"),
      key("probes", "integer >= 2", Integer.toString(ProtectionSettings.DEFAULT_PROBES), "protection probes a window "
          + "from each end"),
      key("healthy-loss", "ratio in [0, 1)", Double.toString(ProtectionSettings.DEFAULT_HEALTHY_LOSS), "the highest "
          + "loss ratio of a healthy protection-probe window"));
  private static final Keys HTTP = Keys.of("http", "One port for the alarm API (TMF642 and Alertmanager v2), the "
      + "operators' endpoints (actions, approvals, feedback, views, KPIs), the built-in console at / "
      + "(docs/console.md), /healthz, /readyz, /metrics and /openapi.yaml.",
      key("listen", "host:port or off", "127.0.0.1:9093", "where it listens; 9093 is Alertmanager's port, so amtool "
          + "and Grafana's Alertmanager data source work as they are; 0 as the port: any free port; `off`: no HTTP"),
      key("tokens-file", "path", "— (no tokens: every call is taken)", "bearer tokens with roles, stored as SHA-256 "
          + "hashes (`tokens: [{name: noc-ana, role: viewer|operator|admin|writer, sha256: <hex>}]`); with it every call "
          + "but /healthz, /readyz and the console's files (/ and /console/*) needs a token: reading a viewer, changes an operator, the safety switches an "
          + "admin, sending alerts (POST /api/v2/alerts) and remote write a writer or an operator; `sites: [edge-1]` "
          + "on a token limits it to those sites; refusals are 401 or 403 with the reason, counted on /metrics "
          + "(docs/operations.md)"),
      key("tls", "section", "— (plaintext)", "TLS from PEM files on the port and the remote-write receiver (below)"),
      key("rate-limit", "section", "— (none)", "the intakes' rate limit per caller: POST /api/v2/alerts and remote "
          + "write (below)"));
  private static final Keys NO_DATA = Keys.of("no-data", "Checked at every tick, on the centre's clock (a simulation "
      + "sped up N times needs N times longer durations for the same wall-clock slack). Every window's batch carries "
      + "the edge's heartbeat (`sextant_edge_up`), so an edge that runs is heard even when its sources give nothing.",
      key("after", "duration", NoDataSettings.DEFAULT_AFTER.toSeconds() + "s", "a served site heard nothing from "
          + "this long (nor since the centre started) raises `no data from site X since T` on `edge:X`; it clears "
          + "at the next batch that arrives, back-filled windows included"),
      key("samples-after", "duration", "after", "an edge heard but sending no sample this long raises an alarm "
          + "on `site:X`"),
      key("behind-after", "duration", NoDataSettings.DEFAULT_BEHIND_AFTER.toSeconds() + "s", "the centre falls "
          + "behind: the freshest delivering site's newest sample this much older than the centre's clock "
          + "(`central:ingest`), or the detections the alarm engine takes this old (`central:alarm-engine`)"),
      key("behind-checks", "whole number", String.valueOf(NoDataSettings.DEFAULT_BEHIND_CHECKS), "ticks in a row "
          + "it must be behind, so an edge back-filling after a partition is not taken for it"),
      key("enabled", "true or false", "true", "false turns the no-data alarms off"));
  private static final String FAN_IN = "fan-in-threads";
  private static final Keys BUS_CENTRAL = Keys.of("bus", "The centre reads one key more than an edge:",
      key(FAN_IN, "whole number", String.valueOf(CentralConfig.DEFAULT_FAN_IN_THREADS), "handler threads per "
          + "topic read from every site's namespace (docs/pulsar.md)"));
  private static final Keys STORE = Keys.of("store", "",
      key("jdbc-url", "jdbc:postgresql: URL", "—", "an existing PostgreSQL (TimescaleDB features when the "
          + "extension is there); absent: an embedded PostgreSQL (--jdbc-url overrides)"),
      key("user", "name", StoreSettings.DEFAULT_USER, "the database user"),
      key("password-env", "environment variable", StoreSettings.DEFAULT_PASSWORD_ENV, "the name of the variable "
          + "holding the password"),
      key("data-dir", "path", "a temporary directory", "the embedded server's data"),
      key("remote-write-listen", "host:port", "—", "a Prometheus remote-write 1.0 receiver (/api/v1/write), so an "
          + "existing Prometheus writes into the centre; series without a site label get the centre's"),
      key("retention", "section", "below", "how long samples and rollups are kept"));
  private static final Keys RETENTION = Keys.of("store.retention", "docs/store.md",
      key("raw", "duration", RetentionSettings.DEFAULT_RAW.toDays() + "d", "raw samples"),
      key("rollup-1m", "duration", RetentionSettings.DEFAULT_ROLLUP_1M.toDays() + "d", "1-minute rollups"),
      key("rollup-1h", "duration", RetentionSettings.DEFAULT_ROLLUP_1H.toDays() + "d", "1-hour rollups"),
      key("partitions-ahead", "whole number", String.valueOf(RetentionSettings.DEFAULT_PARTITIONS_AHEAD),
          "daily partitions created ahead"),
      key("maintenance-every", "duration", RetentionSettings.DEFAULT_MAINTENANCE_EVERY.toMinutes() + "m",
          "how often partitions and retention are maintained"),
      key("rollup-refresh-every", "duration", RetentionSettings.DEFAULT_ROLLUP_REFRESH_EVERY.toSeconds() + "s",
          "how often rollups of changed hours are recomputed"),
      key("ledger", "duration", RetentionSettings.DEFAULT_LEDGER.toDays() + "d", "how long ingested message ids "
          + "are remembered (a re-sent batch older than this would be written again)"));
  private static final Keys MODELS = Keys.of("models", "",
      key("key-dir", "path", "—", "the release key pair (release.key, release.pub, generated on first start); "
          + "edges trust release.pub; absent: no models"),
      key("every", "duration", ModelsSettings.DEFAULT_EVERY.toHours() + "h", "wall-clock period of the training "
          + "job; its first pass comes one period after start"),
      key("training-window", "duration", ModelsSettings.DEFAULT_TRAINING_WINDOW.toDays() + "d", "the history it "
          + "trains on"),
      key("release", "all or canary", "canary", "canary: a quarter of the sites first, the rest once they stayed "
          + "healthy"));
  /** Every section of the centre's file, in the order the reference shows them. */
  public static final List<Keys> REFERENCE = List.of(TOP, BusSettings.KEYS, BUS_CENTRAL, HTTP,
      HttpSecurity.TLS_KEYS, HttpSecurity.RATE_KEYS, STORE, RETENTION,
      MODELS, NO_DATA, PROTECTION, SimulationSettings.KEYS);

  private CentralConfigFile() {}

  public static CentralConfig load(Path file) {
    return YamlFields.load(file, CentralConfigFile::parse);
  }

  /** Parses {@code text}; relative paths are resolved against {@code base} (the file's directory). */
  public static CentralConfig parse(String text, Path base) {
    Map<String, Object> top = YamlFields.topLevel(text, TOP.names());
    // The centre's one bus key of its own; the rest is what every node's bus: section has.
    Map<String, Object> bus = new HashMap<>(map(required(top, "bus", ""), "bus"));
    int fanIn = (int) integer(bus, FAN_IN, "bus.", CentralConfig.DEFAULT_FAN_IN_THREADS);
    bus.remove(FAN_IN);
    Set<String> busKeys = new HashSet<>(BusSettings.KEYS.names());
    busKeys.addAll(BUS_CENTRAL.names());
    known(map(top.get("bus"), "bus"), busKeys, "bus.");
    Map<String, Object> store = optionalMap(top, "store", "");
    known(store, STORE.names(), "store.");
    Map<String, Object> sim = section(top, "simulation", "", SimulationSettings.KEYS.names());
    return new CentralConfig(
        string(top, "site", "", null),
        YamlFields.list(top, "sites", ""),
        BusSettings.read(bus, base),
        new StoreSettings(string(store, "jdbc-url", "store.", null), string(store, "user", "store.", null),
            string(store, "password-env", "store.", null), path(store, "data-dir", "store.", base),
            address(store, "remote-write-listen", "store.")),
        sim == null ? null : SimulationSettings.read(sim, "simulation."),
        duration(top, "interval", "", null),
        path(top, "policy-file", "", base),
        path(top, "topology-file", "", base),
        retention(optionalMap(store, "retention", "store.")),
        models(section(top, "models", "", MODELS.names()), base),
        alarms(top.get("alarms"), base),
        fanIn,
        http(section(top, "http", "", HTTP.names())),
        catalog(path(top, "alarm-catalog", "", base)),
        noData(section(top, "no-data", "", NO_DATA.names())),
        path(top, "runbooks", "", base),
        ActuatorSettings.read(section(top, "actuators", "", ActuatorSettings.KEYS.names()), base),
        AutomationSettings.read(section(top, "automation", "", AutomationSettings.KEYS.names())),
        HttpSecurity.read(section(top, "http", "", HTTP.names()), base),
        protection(section(top, "protection", "", PROTECTION.names())),
        duration(top, "learned-calls-max-age", "", null));
  }

  private static ProtectionSettings protection(Map<String, Object> m) {
    if (m == null) {
      return null;
    }
    String p = "protection.";
    try {
      return new ProtectionSettings(duration(m, "wait-to-restore", p, ProtectionSettings.DEFAULT_WAIT_TO_RESTORE),
          (int) integer(m, "clear-windows", p, ProtectionSettings.DEFAULT_CLEAR_WINDOWS),
          (int) integer(m, "probes", p, ProtectionSettings.DEFAULT_PROBES),
          YamlFields.number(m, "healthy-loss", p, ProtectionSettings.DEFAULT_HEALTHY_LOSS));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("protection: " + e.getMessage(), e);
    }
  }

  private static InetSocketAddress http(Map<String, Object> http) {
    if (http == null) {
      return CentralConfig.DEFAULT_HTTP;
    }
    // YAML reads an unquoted off as false.
    if (Boolean.FALSE.equals(http.get("listen"))) {
      return null;
    }
    String listen = string(http, "listen", "http.", null);
    if (listen == null) {
      return CentralConfig.DEFAULT_HTTP;
    }
    return listen.strip().equalsIgnoreCase("off") ? null : YamlFields.parseAddress(listen, "http.listen");
  }

  /**
   * Inline ({@code alarms: {receivers: ...}}) or a file of its own ({@code alarms: alarms.yaml}, whose
   * {@code api:} a standalone alarm service would use, and the centre ignores for its {@code http:}).
   */
  private static AlarmServiceConfig alarms(Object section, Path base) {
    if (section == null) {
      return null;
    }
    try {
      if (section instanceof Map<?, ?> m) {
        if (m.containsKey("api")) {
          throw new ConfigException("alarms.api: the centre serves the alarm API on its one HTTP port; set http.listen "
              + "instead");
        }
        return AlarmServiceConfig.parse(m, "alarms", base);
      }
      if (section instanceof String file) {
        return AlarmServiceConfig.load(YamlFields.resolve(file, base));
      }
    } catch (io.sextant.alarm.service.ConfigException e) {
      throw new ConfigException("alarms: " + e.getMessage(), e);
    }
    throw new ConfigException("alarms: must be a mapping (the alarm service's settings) or the path of a file of them");
  }

  /** The operator's catalog on the built-in one; its errors name the catalog file and the field. */
  private static AlarmCatalog catalog(Path file) {
    if (file == null) {
      return null;
    }
    try {
      return AlarmCatalog.load(file);
    } catch (ConfigException e) {
      throw new ConfigException("alarm-catalog: " + e.getMessage(), e);
    }
  }

  private static NoDataSettings noData(Map<String, Object> m) {
    if (m == null) {
      return null;
    }
    String p = "no-data.";
    Duration after = duration(m, "after", p, NoDataSettings.DEFAULT_AFTER);
    try {
      return new NoDataSettings(after, duration(m, "samples-after", p, after),
          duration(m, "behind-after", p, NoDataSettings.DEFAULT_BEHIND_AFTER),
          (int) integer(m, "behind-checks", p, NoDataSettings.DEFAULT_BEHIND_CHECKS),
          YamlFields.bool(m, "enabled", p, true));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("no-data: " + e.getMessage(), e);
    }
  }

  private static ModelsSettings models(Map<String, Object> m, Path base) {
    if (m == null) {
      return null;
    }
    String release = choice(m, "release", "models.", "canary", "all", "canary");
    return new ModelsSettings(path(m, "key-dir", "models.", base), duration(m, "every", "models.", null),
        duration(m, "training-window", "models.", null), release.equals("canary"));
  }

  private static RetentionSettings retention(Map<String, Object> r) {
    known(r, RETENTION.names(), "store.retention.");
    if (r.isEmpty()) {
      return RetentionSettings.defaults();
    }
    String p = "store.retention.";
    try {
      return new RetentionSettings(
          duration(r, "raw", p, RetentionSettings.DEFAULT_RAW),
          duration(r, "rollup-1m", p, RetentionSettings.DEFAULT_ROLLUP_1M),
          duration(r, "rollup-1h", p, RetentionSettings.DEFAULT_ROLLUP_1H),
          (int) integer(r, "partitions-ahead", p, RetentionSettings.DEFAULT_PARTITIONS_AHEAD),
          duration(r, "maintenance-every", p, RetentionSettings.DEFAULT_MAINTENANCE_EVERY),
          duration(r, "rollup-refresh-every", p, RetentionSettings.DEFAULT_ROLLUP_REFRESH_EVERY),
          duration(r, "ledger", p, RetentionSettings.DEFAULT_LEDGER));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("store.retention: " + e.getMessage(), e);
    }
  }
}
