package io.sextant.central.liveness;

import io.sextant.common.model.Detection;
import io.sextant.common.model.DetectorNames;
import io.sextant.common.model.HealthSeries;
import io.sextant.common.model.Heartbeat;
import io.sextant.common.model.Ids;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The centre's watch on silence: what no detector at a site can report, because the report is
 * what is missing. On each {@link #check()} it returns {@code no-data} detections (FIRING when a
 * condition starts, RESOLVED when it ends) for the alarm engine, whose catalog gives their X.733
 * fields:
 *
 * <ul>
 *   <li>{@value #SILENT} on {@code edge:<site>}: nothing at all from a served site for
 *       {@code after} (every window's batch carries the edge's {@link Heartbeat}, so an edge that
 *       runs is heard even when its sources give nothing). An edge cut off and buffering is not
 *       dead, but the centre cannot tell: the alarm says since when it heard nothing, and it clears
 *       at the first batch that arrives, back-filled windows included;</li>
 *   <li>{@value #NO_SAMPLES} on {@code site:<site>}: the edge is heard but its batches hold nothing
 *       but the heartbeat and its own health series for {@code samplesAfter} (every source failing
 *       or empty);</li>
 *   <li>{@value #INGEST_LAG} on {@code central:ingest}: the centre falls behind: the freshest site
 *       that delivers has its newest sample more than {@code behindAfter} older than the centre's
 *       clock, at {@code behindChecks} checks in a row. Taking the freshest site means one edge
 *       back-filling after a partition is not the centre falling behind;</li>
 *   <li>{@value #ALARM_LAG} on {@code central:alarm-engine}: the detections the alarm engine takes
 *       are more than {@code behindAfter} old (their event time against the clock), at
 *       {@code behindChecks} checks in a row. An engine that takes nothing at all is not seen here.</li>
 * </ul>
 *
 * <p>A detection's {@code observed} is the silence or lag in seconds ({@code since} = its time
 * minus that), {@code expected} the limit. A FIRING is stamped at the check that saw it, a
 * RESOLVED at the arrival that ended it. Arrival times are the centre's clock when the batch was
 * handed over, so the watch works the same on a simulated clock. Thread-safe: {@link #onBatch}
 * and {@link #onAlarmInput} run on bus threads, {@link #check} on the centre's tick.
 */
public final class NoDataMonitor {
  public static final String SILENT = Heartbeat.METRIC;
  public static final String NO_SAMPLES = "sextant_site_samples";
  public static final String INGEST_LAG = "sextant_ingest_lag_seconds";
  public static final String ALARM_LAG = "sextant_alarm_lag_seconds";

  /** What the centre last heard from one site. */
  private static final class Site {
    Instant heard;
    Instant samples;
    Instant newest;
    boolean silentFiring;
    boolean samplesFiring;

    Site(Instant start) {
      heard = start;
      samples = start;
    }
  }

  /** One of the centre's own stages: how far behind, at how many checks in a row. */
  private static final class Lag {
    double worst;
    int behindRuns;
    boolean firing;
    Instant lastBehind;
  }

  private final Clock clock;
  private final String centre;
  private final NoDataSettings settings;
  private final Map<String, Site> sites = new LinkedHashMap<>();
  private final Lag ingest = new Lag();
  private final Lag alarms = new Lag();

  /**
   * @param centre the centre's namespace: the site of its own stages' detections
   * @param served the sites the centre serves; others' batches are ignored
   */
  public NoDataMonitor(Clock clock, String centre, List<String> served, NoDataSettings settings) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.centre = Objects.requireNonNull(centre, "centre");
    this.settings = Objects.requireNonNull(settings, "settings");
    Instant start = clock.instant();
    served.forEach(s -> sites.put(s, new Site(start)));
  }

  /** A sample batch the centre ingested (after the store committed it). */
  public synchronized void onBatch(SampleBatch batch) {
    Site s = sites.get(batch.site());
    if (s == null) {
      return;
    }
    Instant now = clock.instant();
    s.heard = now;
    for (Sample sample : batch.samples()) {
      // The edge's own health series are not the site's data: they come with the heartbeat.
      if (!Heartbeat.is(sample) && !HealthSeries.is(sample)) {
        s.samples = now;
        break;
      }
    }
    if (s.newest == null || batch.time().isAfter(s.newest)) {
      s.newest = batch.time();
    }
  }

  /** A detection the alarm engine took: its age is the alarm pipeline's lag. */
  public synchronized void onAlarmInput(Detection d) {
    double age = seconds(Duration.between(d.time(), clock.instant()));
    alarms.worst = Math.max(alarms.worst, age);
  }

  /** One round: the detections of conditions that started or ended since the last. */
  public synchronized List<Detection> check() {
    if (!settings.enabled()) {
      return List.of();
    }
    Instant now = clock.instant();
    List<Detection> out = new ArrayList<>();
    double freshest = Double.NaN;
    for (Map.Entry<String, Site> e : sites.entrySet()) {
      String site = e.getKey();
      Site s = e.getValue();
      Duration silent = Duration.between(s.heard, now);
      boolean heard = silent.compareTo(settings.after()) < 0;
      if (!heard && !s.silentFiring) {
        s.silentFiring = true;
        out.add(detection(site, SILENT, Heartbeat.resource(site), now, Detection.State.FIRING, silent,
            settings.after()));
      } else if (heard && s.silentFiring) {
        s.silentFiring = false;
        out.add(detection(site, SILENT, Heartbeat.resource(site), s.heard, Detection.State.RESOLVED, Duration.ZERO,
            settings.after()));
      }
      Duration empty = Duration.between(s.samples, now);
      boolean samples = empty.compareTo(settings.samplesAfter()) < 0;
      if (heard && !samples && !s.samplesFiring) {
        s.samplesFiring = true;
        out.add(detection(site, NO_SAMPLES, "site:" + site, now, Detection.State.FIRING, empty,
            settings.samplesAfter()));
      } else if (samples && s.samplesFiring) {
        s.samplesFiring = false;
        out.add(detection(site, NO_SAMPLES, "site:" + site, s.samples, Detection.State.RESOLVED, Duration.ZERO,
            settings.samplesAfter()));
      }
      if (heard && s.newest != null) {
        double lag = seconds(Duration.between(s.newest, now));
        freshest = Double.isNaN(freshest) ? lag : Math.min(freshest, lag);
      }
    }
    if (!Double.isNaN(freshest)) {
      ingest.worst = freshest;
      judge(ingest, INGEST_LAG, "central:ingest", now, out);
    }
    judge(alarms, ALARM_LAG, "central:alarm-engine", now, out);
    return out;
  }

  /** {@code lag.worst} is this round's; fires after {@code behindChecks} rounds behind, clears at the first not. */
  private void judge(Lag lag, String metric, String resource, Instant now, List<Detection> out) {
    double limit = seconds(settings.behindAfter());
    boolean behind = lag.worst > limit;
    lag.behindRuns = behind ? lag.behindRuns + 1 : 0;
    if (behind && !lag.firing && lag.behindRuns >= settings.behindChecks()) {
      lag.firing = true;
      out.add(detection(centre, metric, resource, now, Detection.State.FIRING, lag.worst, limit));
    } else if (!behind && lag.firing) {
      lag.firing = false;
      out.add(detection(centre, metric, resource, now, Detection.State.RESOLVED, lag.worst, limit));
    }
    lag.worst = 0;
  }

  private static Detection detection(String site, String metric, String resource, Instant time,
      Detection.State state, Duration observed, Duration limit) {
    return detection(site, metric, resource, time, state, seconds(observed), seconds(limit));
  }

  private static Detection detection(String site, String metric, String resource, Instant time,
      Detection.State state, double observed, double limit) {
    Map<String, String> labels = Labels.of(Sample.RESOURCE, resource);
    String id = Ids.of("det", site, DetectorNames.NO_DATA, metric, resource, state.name(),
        Long.toString(time.toEpochMilli()));
    return new Detection(id, site, time, DetectorNames.NO_DATA, metric, labels, resource, state, observed, limit,
        state == Detection.State.FIRING ? 1 : 0);
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  /** The served sites, in configuration order. */
  public synchronized List<String> sites() {
    return List.copyOf(sites.keySet());
  }

  /** Seconds since anything arrived from {@code site} (since the start if nothing yet); NaN if not served. */
  public synchronized double silentSeconds(String site) {
    Site s = sites.get(site);
    return s == null ? Double.NaN : seconds(Duration.between(s.heard, clock.instant()));
  }

  /** The site's newest sample's age on the centre's clock (its ingest lag); NaN before its first batch. */
  public synchronized double lagSeconds(String site) {
    Site s = sites.get(site);
    return s == null || s.newest == null ? Double.NaN : seconds(Duration.between(s.newest, clock.instant()));
  }
}
