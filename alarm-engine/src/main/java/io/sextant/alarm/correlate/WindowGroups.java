package io.sextant.alarm.correlate;

import io.sextant.common.model.Alarm;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The open time-window groups. <b>Root rule:</b> the first alarm raised for a group key (the
 * {@code by} label values) opens a group and is its root; an alarm raised within the window of
 * the root's raise time joins as a symptom. The root is never re-elected: without a topological
 * tie, the fault that showed first is the best guess at the cause, and a NOC's view must not
 * jump as alarms arrive. A root that clears closes its group (its open symptoms are released
 * and notify on their own); an alarm raised after the window opens a new group.
 *
 * <p>Only alarms without a topological root take part; a diagnosis that explains a window
 * symptom takes it over (topology beats timing). The engine plans with {@link #rootFor} and
 * records with {@link #open}, {@link #join} and {@link #forget}. Not thread-safe.
 */
public final class WindowGroups {
  private final WindowGrouping config;
  private final Map<List<String>, String> rootByKey = new HashMap<>();
  private final Map<String, List<String>> keyOfRoot = new HashMap<>();
  private final Map<String, Set<String>> membersOfRoot = new HashMap<>();
  private final Map<String, String> rootOfMember = new HashMap<>();

  public WindowGroups(WindowGrouping config) {
    this.config = config;
  }

  /** The group key of an alarm, or empty when grouping is off or a {@code by} label is missing. */
  Optional<List<String>> keyOf(String site, Map<String, String> labels) {
    if (!config.enabled()) {
      return Optional.empty();
    }
    List<String> key = new ArrayList<>(config.by().size());
    for (String label : config.by()) {
      String value = label.equals("site") ? site : labels.get(label);
      if (value == null || value.isEmpty()) {
        return Optional.empty();
      }
      key.add(value);
    }
    return Optional.of(key);
  }

  /**
   * The root of the open group an alarm raised now on {@code site} with {@code labels} joins: one
   * exists for its key and {@code raisedAt} is within the window of the root's raise time.
   * {@code lookup} gives the root's current state.
   */
  public Optional<String> rootFor(String site, Map<String, String> labels, Instant raisedAt,
      Function<String, Alarm> lookup) {
    Optional<List<String>> key = keyOf(site, labels);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    String rootId = rootByKey.get(key.get());
    Alarm root = rootId == null ? null : lookup.apply(rootId);
    if (root == null || root.cleared()) {
      return Optional.empty();
    }
    Duration apart = Duration.between(root.raisedTime(), raisedAt).abs();
    return apart.compareTo(config.window()) <= 0 ? Optional.of(rootId) : Optional.empty();
  }

  /** The alarm opens the group of its key (replacing an older, expired one). */
  public void open(String alarmId, String site, Map<String, String> labels) {
    keyOf(site, labels).ifPresent(key -> {
      String former = rootByKey.put(key, alarmId);
      if (former != null) {
        keyOfRoot.remove(former);
      }
      keyOfRoot.put(alarmId, key);
    });
  }

  public void join(String rootId, String memberId) {
    membersOfRoot.computeIfAbsent(rootId, k -> new LinkedHashSet<>()).add(memberId);
    rootOfMember.put(memberId, rootId);
  }

  /** The window root of a symptom, if it is in a window group (not a topological one). */
  public Optional<String> windowRootOf(String memberId) {
    return Optional.ofNullable(rootOfMember.get(memberId));
  }

  /** The symptoms of a window root, in join order. */
  public List<String> members(String rootId) {
    return List.copyOf(membersOfRoot.getOrDefault(rootId, Set.of()));
  }

  /** A symptom taken over by a diagnosis leaves its window group (its own group, if it is a root, stays). */
  public void leave(String memberId) {
    String root = rootOfMember.remove(memberId);
    if (root != null) {
      Set<String> members = membersOfRoot.get(root);
      if (members != null) {
        members.remove(memberId);
      }
    }
  }

  /** A cleared alarm leaves its group; a cleared root closes its group. */
  public void forget(String alarmId) {
    leave(alarmId);
    List<String> key = keyOfRoot.remove(alarmId);
    if (key != null) {
      rootByKey.remove(key, alarmId);
    }
    Set<String> members = membersOfRoot.remove(alarmId);
    if (members != null) {
      members.forEach(rootOfMember::remove);
    }
  }
}
