package io.sextant.store;

import io.sextant.common.model.Alarm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An open parent's correlated alarms as the store keeps them: its open symptoms are the open
 * alarms whose {@code parent_alarm_id} names it. The alarm engine's group commit does not rewrite
 * a parent at each symptom that joins or leaves it, so the parent's own row lists its symptoms as
 * of its last own change (a raise, an ack, a clear); readers of current alarms correct the list
 * from the symptoms' links. A cleared parent keeps the list it was stored with.
 */
final class SymptomLinks {
  private SymptomLinks() {}

  /**
   * The alarms, each open one listing: the ids it listed, in its order, but for those read here
   * and no longer open under it (and, unless {@code allRead}, those not read at all: the reader
   * read the open alarms only); then the open alarms read whose parent it is, in the order given
   * (oldest raise first, as the readers sort).
   *
   * @param allRead whether {@code alarms} are all the stored alarms, so an id listed but not read
   *     is unknown to the store (never stored), rather than cleared, and is kept
   */
  static List<Alarm> relinked(List<Alarm> alarms, boolean allRead) {
    Map<String, Alarm> byId = new HashMap<>();
    Map<String, List<String>> symptoms = new HashMap<>();
    for (Alarm a : alarms) {
      byId.put(a.id(), a);
      if (!a.cleared() && a.parentAlarmId() != null) {
        symptoms.computeIfAbsent(a.parentAlarmId(), k -> new ArrayList<>()).add(a.id());
      }
    }
    List<Alarm> out = new ArrayList<>(alarms.size());
    for (Alarm a : alarms) {
      List<String> under = symptoms.getOrDefault(a.id(), List.of());
      if (a.cleared() || (under.isEmpty() && a.correlatedAlarmIds().isEmpty())) {
        out.add(a);
        continue;
      }
      Set<String> ids = new LinkedHashSet<>();
      for (String id : a.correlatedAlarmIds()) {
        Alarm s = byId.get(id);
        if (s == null ? allRead : !s.cleared() && a.id().equals(s.parentAlarmId())) {
          ids.add(id);
        }
      }
      ids.addAll(under);
      List<String> list = List.copyOf(ids);
      out.add(list.equals(a.correlatedAlarmIds()) ? a : a.withCorrelatedAlarmIds(list));
    }
    return out;
  }
}
