package io.sextant.node.central.config;

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

import io.sextant.alarm.service.AlarmServiceConfig;
import io.sextant.bus.pulsar.BusSettings;
import io.sextant.common.config.ConfigException;
import io.sextant.common.config.YamlFields;
import io.sextant.sim.SimulationSettings;
import io.sextant.store.RetentionSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
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
  public static final Set<String> TOP = Set.of("site", "sites", "bus", "store", "simulation", "interval",
      "policy-file", "topology-file", "models", "alarms");
  private static final Set<String> MODELS = Set.of("key-dir", "every", "training-window", "release");
  private static final Set<String> STORE = Set.of("jdbc-url", "user", "password-env", "data-dir", "remote-write-listen",
      "retention");
  private static final Set<String> RETENTION = Set.of("raw", "rollup-1m", "rollup-1h", "partitions-ahead",
      "maintenance-every", "rollup-refresh-every", "ledger");
  private static final String FAN_IN = "fan-in-threads";

  private CentralConfigFile() {}

  public static CentralConfig load(Path file) {
    return YamlFields.load(file, CentralConfigFile::parse);
  }

  /** Parses {@code text}; relative paths are resolved against {@code base} (the file's directory). */
  public static CentralConfig parse(String text, Path base) {
    Map<String, Object> top = YamlFields.topLevel(text, TOP);
    // The centre's one bus key of its own; the rest is what every node's bus: section has.
    Map<String, Object> bus = new HashMap<>(map(required(top, "bus", ""), "bus"));
    int fanIn = (int) integer(bus, FAN_IN, "bus.", CentralConfig.DEFAULT_FAN_IN_THREADS);
    bus.remove(FAN_IN);
    Set<String> busKeys = new HashSet<>(BusSettings.KEYS);
    busKeys.add(FAN_IN);
    known(map(top.get("bus"), "bus"), busKeys, "bus.");
    Map<String, Object> store = optionalMap(top, "store", "");
    known(store, STORE, "store.");
    Map<String, Object> sim = section(top, "simulation", "", SimulationSettings.KEYS);
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
        models(section(top, "models", "", MODELS), base),
        alarms(top.get("alarms"), base),
        fanIn);
  }

  /** Inline ({@code alarms: {receivers: ...}}) or a file of its own ({@code alarms: alarms.yaml}). */
  private static AlarmServiceConfig alarms(Object section, Path base) {
    if (section == null) {
      return null;
    }
    try {
      if (section instanceof Map<?, ?> m) {
        return AlarmServiceConfig.parse(m, "alarms");
      }
      if (section instanceof String file) {
        return AlarmServiceConfig.load(YamlFields.resolve(file, base));
      }
    } catch (io.sextant.alarm.service.ConfigException e) {
      throw new ConfigException("alarms: " + e.getMessage(), e);
    }
    throw new ConfigException("alarms: must be a mapping (the alarm service's settings) or the path of a file of them");
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
    known(r, RETENTION, "store.retention.");
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
