package io.sextant.edge.threshold;

import io.sextant.common.model.Detection;
import io.sextant.common.model.DetectorNames;
import io.sextant.common.model.Ids;
import io.sextant.common.model.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Series that leave the answer. A configured scrape target always reports {@code up} (0 when it
 * cannot be scraped, which the {@code up-down} threshold alarms on), but an answer can hold the
 * {@code up} of other targets (a federated Prometheus, an exporter fronting several devices):
 * when one of those series is missing from {@value #WINDOWS} consecutive windows while the site
 * goes on reporting, the target is gone from the answer, and this fires an {@code absent}
 * detection (its {@code observed} is the seconds since the series was last seen). It resolves
 * when the series comes back. Only windows that carry samples count: a site whose collection
 * stopped altogether is the centre's no-data alarm, not one alarm per series.
 *
 * <p>Other series vanishing (a metric an exporter stopped exporting) raise nothing: a firing one
 * is resolved as stale by its detector. The memory is the process's: after an edge restart, a
 * series gone before it is not known. Thread-safe (the reasoner's loop; a metrics scrape).
 */
public final class AbsentSeries {
  /** Consecutive windows without the series before it is gone (30 s at a 10 s interval). */
  public static final int WINDOWS = 3;
  /** The metrics watched for absence. */
  public static final Set<String> METRICS = Set.of("up");

  private static final class Seen {
    Sample last;
    int missed;
    boolean firing;
  }

  private final Map<Long, Seen> series = new HashMap<>();

  /** One window's samples; returns the series that went missing or came back in it. */
  public synchronized List<Detection> observe(List<Sample> samples, String site) {
    if (samples.isEmpty()) {
      return List.of();
    }
    Instant now = Instant.MIN;
    Map<Long, Sample> present = new HashMap<>();
    for (Sample s : samples) {
      now = s.time().isAfter(now) ? s.time() : now;
      if (METRICS.contains(s.metric())) {
        present.put(s.seriesId(), s);
      }
    }
    List<Detection> out = new ArrayList<>(0);
    for (Map.Entry<Long, Sample> e : present.entrySet()) {
      Seen seen = series.computeIfAbsent(e.getKey(), k -> new Seen());
      if (seen.firing) {
        out.add(detection(site, e.getValue().time(), e.getValue(), Detection.State.RESOLVED, 0));
      }
      seen.last = e.getValue();
      seen.missed = 0;
      seen.firing = false;
    }
    for (Map.Entry<Long, Seen> e : series.entrySet()) {
      Seen seen = e.getValue();
      if (present.containsKey(e.getKey()) || seen.firing || ++seen.missed < WINDOWS) {
        continue;
      }
      seen.firing = true;
      double silent = (now.toEpochMilli() - seen.last.time().toEpochMilli()) / 1000.0;
      out.add(detection(site, now, seen.last, Detection.State.FIRING, silent));
    }
    return out;
  }

  /** Series gone from their answer now. */
  public synchronized int absentCount() {
    return (int) series.values().stream().filter(s -> s.firing).count();
  }

  private static Detection detection(String site, Instant time, Sample last, Detection.State state, double silent) {
    String id = Ids.of("det", site, DetectorNames.ABSENT, last.metric(), Long.toHexString(last.seriesId()),
        state.name(), Long.toString(time.toEpochMilli()));
    return new Detection(id, site, time, DetectorNames.ABSENT, last.metric(), last.labels(), last.resource(), state,
        silent, 0, state == Detection.State.FIRING ? 1 : 0);
  }
}
