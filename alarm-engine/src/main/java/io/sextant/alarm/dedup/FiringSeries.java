package io.sextant.alarm.dedup;

import io.sextant.common.model.Detection;
import io.sextant.common.model.DetectorNames;
import io.sextant.common.model.Severity;
import java.util.HashMap;
import java.util.Map;

/**
 * The inputs currently firing into each open alarm, with the severity each says. An input is a
 * series as one detector sees it ({@link Input}): several can map to one alarm key (two probes
 * seeing loss on the same path, two replicas of one service, a learned baseline and a static
 * threshold on the same series), and the alarm must stay raised while any of them still fires.
 * Not thread-safe.
 */
public final class FiringSeries {
  /**
   * One series as one detector sees it.
   *
   * @param detector the detector's name as an input ({@code DetectorNames.input}): without a
   *     {@code /stale} or {@code @version}, so those end what the plain name started
   */
  public record Input(long seriesId, String detector) {
    /** The series as this detection's detector sees it. */
    public static Input of(Detection d) {
      return new Input(d.seriesId(), DetectorNames.input(d.detector()));
    }
  }

  /**
   * What an input says: its severity, and whether that is a level of its own (a threshold's)
   * rather than the catalog's.
   */
  public record Level(Severity severity, boolean own) {
    /** A threshold's level when the detection says one, else the catalog's severity. */
    public static Level of(Detection d, Severity catalog) {
      return d.severity() != null ? new Level(d.severity(), true) : new Level(catalog, false);
    }
  }

  private final Map<String, Map<Input, Level>> byAlarm = new HashMap<>();

  public void start(String alarmId, Input input, Level level) {
    byAlarm.computeIfAbsent(alarmId, k -> new HashMap<>()).put(input, level);
  }

  /** Whether {@code input} fires into the alarm with a level of its own. */
  public boolean ownLevel(String alarmId, Input input) {
    Level l = byAlarm.getOrDefault(alarmId, Map.of()).get(input);
    return l != null && l.own();
  }

  /** Forgets one input; unknown alarm or input is a no-op (a resolve can outlive its alarm). */
  public void stop(String alarmId, Input input) {
    Map<Input, Level> inputs = byAlarm.get(alarmId);
    if (inputs != null) {
      inputs.remove(input);
      if (inputs.isEmpty()) {
        byAlarm.remove(alarmId);
      }
    }
  }

  public boolean isFiring(String alarmId, Input input) {
    return byAlarm.getOrDefault(alarmId, Map.of()).containsKey(input);
  }

  public int count(String alarmId) {
    return byAlarm.getOrDefault(alarmId, Map.of()).size();
  }

  /**
   * The worst severity of the alarm's inputs if {@code input} said {@code severity} (null: if it
   * stopped); null when none would be left.
   */
  public Severity worst(String alarmId, Input input, Severity severity) {
    Map<Input, Severity> inputs = new HashMap<>();
    byAlarm.getOrDefault(alarmId, Map.of()).forEach((i, l) -> inputs.put(i, l.severity()));
    if (severity == null) {
      inputs.remove(input);
    } else {
      inputs.put(input, severity);
    }
    return inputs.values().stream().min(Enum::compareTo).orElse(null);
  }

  public void forget(String alarmId) {
    byAlarm.remove(alarmId);
  }
}
