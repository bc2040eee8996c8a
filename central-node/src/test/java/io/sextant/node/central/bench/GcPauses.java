package io.sextant.node.central.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The collector this JVM runs and each of its collections as it ends (the JVM's own notification,
 * with the collection's duration), so the bench reports what a collector costs in pauses beside
 * what it costs in CPU. A concurrent collector's cycle reports its whole length, not a pause: those
 * are kept apart.
 */
final class GcPauses {
  /** One collection: the collector's bean, what it did, how long it took. */
  record Pause(String collector, String action, long millis) {}

  private final List<Pause> pauses = new ArrayList<>();

  GcPauses() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener((n, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
          var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
          synchronized (pauses) {
            pauses.add(new Pause(info.getGcName(), info.getGcAction(), info.getGcInfo().getDuration()));
          }
        }
      }, null, null);
    }
  }

  /** The collectors' names, e.g. {@code PS Scavenge, PS MarkSweep}. */
  static String collectors() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
        .collect(Collectors.joining(", "));
  }

  /** How many pauses so far: a mark to count from. */
  int mark() {
    synchronized (pauses) {
      return pauses.size();
    }
  }

  /** The pauses since {@code mark}, by kind: count, median, longest. */
  String since(int mark) {
    List<Pause> seen;
    synchronized (pauses) {
      seen = List.copyOf(pauses.subList(mark, pauses.size()));
    }
    var byKind = seen.stream().filter(p -> !p.collector().contains("Concurrent"))
        .collect(Collectors.groupingBy(p -> p.collector() + " (" + p.action() + ")",
            java.util.TreeMap::new, Collectors.mapping(Pause::millis, Collectors.toList())));
    if (byKind.isEmpty()) {
      return "none";
    }
    List<String> out = new ArrayList<>();
    byKind.forEach((kind, ms) -> {
      List<Long> sorted = ms.stream().sorted().toList();
      out.add(String.format("%s %d, median %d ms, longest %d ms", kind, sorted.size(), sorted.get(sorted.size() / 2),
          sorted.get(sorted.size() - 1)));
    });
    return String.join("; ", out);
  }
}
