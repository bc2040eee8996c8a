package io.sextant.alarm;

import io.sextant.alarm.lifecycle.IllegalTransitionException;
import io.sextant.common.model.Alarm;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** What an operator's group or ungroup must satisfy before the engine plans anything. Stateless. */
final class GroupingChecks {
  private GroupingChecks() {}

  /** The named alarms, each once: known, open, not the parent; the parent open too. */
  static List<Alarm> children(Map<String, Alarm> alarms, Alarm parent, List<String> childIds) {
    if (childIds == null || childIds.isEmpty()) {
      throw new IllegalArgumentException("correlatedAlarm must name at least one alarm");
    }
    if (parent.cleared()) {
      throw new IllegalTransitionException("alarm " + parent.id() + " is cleared, which is final: cannot group under it");
    }
    List<Alarm> out = new ArrayList<>();
    for (String id : new LinkedHashSet<>(childIds)) {
      Alarm child = id == null ? null : alarms.get(id);
      if (child == null) {
        throw new UnknownAlarmException(id);
      }
      if (id.equals(parent.id())) {
        throw new IllegalArgumentException("alarm " + id + " cannot be grouped under itself");
      }
      if (child.cleared()) {
        throw new IllegalTransitionException("alarm " + id + " is cleared, which is final: cannot regroup it");
      }
      out.add(child);
    }
    return out;
  }

  /** A child may not be the parent's parent, or its parent's parent, and so on. */
  static void requireNoCycle(Map<String, Alarm> alarms, Alarm parent, List<String> childIds) {
    for (Alarm up = parent; up != null; up = up.parentAlarmId() == null ? null : alarms.get(up.parentAlarmId())) {
      if (childIds.contains(up.id())) {
        throw new IllegalArgumentException("grouping " + up.id() + " under " + parent.id() + " would make a cycle");
      }
    }
  }
}
