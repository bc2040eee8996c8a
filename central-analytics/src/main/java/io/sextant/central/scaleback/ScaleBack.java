package io.sextant.central.scaleback;

import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.Sample;
import io.sextant.runbook.model.GuardPolicy;
import io.sextant.runbook.model.Runbook;
import io.sextant.runbook.model.Trigger;
import io.sextant.runbook.model.VerifyPolicy;
import io.sextant.runbook.plan.TriggerContext;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back the replicas a scale-out added once its cause is gone. Per scaled-out service:
 *
 * <pre>
 *   SCALE_OUT verified ─► WATCHING ──(a window whose load fits the original count)──► HOLDING
 *                            ▲  ▲                                                     │   │
 *                            │  └──────────(a window above it: the hold restarts)─────┘   │ hold
 *                            │                                                            ▼
 *                            └──(scale-in rolled back: the load needed them)───────── SCALING_IN
 *                                                                                         │ SCALE_IN verified
 *                                                                                         ▼
 *                                                                          back at the original count, forgotten
 * </pre>
 *
 * The load is the CPU the service uses in all, {@code utilization × replicas}; it fits the
 * original count when that is at most {@code original × baseline × (1 + tolerance)}, the baseline
 * being the per-replica level the scale-out's detector had learned (its {@code baseline}
 * parameter). Low CPU per replica after a scale-out is therefore not treated as a fault of its own:
 * it is the sign the surge ended, and the answer is to give the replicas back, after which the CPU
 * is in its learned range again and the detections on it resolve. A scale-out without a baseline
 * is kept (logged): there is nothing to judge its load against. Several scale-outs in a row keep
 * the count before the first.
 *
 * <p>A scale-in the guard refuses, or that fails retryably, is tried again after another hold; one
 * that fails for good (no adapter can scale that service in) is given up, logged. Time is the
 * injected clock's; windows are the samples' times. Thread-safe: samples arrive on the ingest
 * thread, action events on the bus's, ticks on the loop's.
 */
public final class ScaleBack {
  private static final Logger log = LoggerFactory.getLogger(ScaleBack.class);
  /** Scale-backs run as this prefix + the scale-out's runbook id (its own rate window in the guard). */
  public static final String RUNBOOK_PREFIX = "scale-back-";
  /** The per-replica utilization the load is read from; the scale-out runbook triggers on it too. */
  public static final String METRIC = "service_cpu_utilization";

  /** Where a scaled-out service stands. */
  public enum Phase { WATCHING, HOLDING, SCALING_IN }

  /** One scaled-out service, as the API and tests see it. */
  public record ScaledOut(String service, Phase phase, Action scaleOut, int original, int replicas,
      double baseline, Instant calmSince) {}

  private static final class Entry {
    final String service;
    final int original;
    Action scaleOut;
    int replicas;
    double baseline;
    Phase phase = Phase.WATCHING;
    Instant calmSince;
    double lastUtilization = Double.NaN;

    Entry(String service, Action scaleOut, int original, int replicas, double baseline) {
      this.service = service;
      this.scaleOut = scaleOut;
      this.original = original;
      this.replicas = replicas;
      this.baseline = baseline;
    }

    ScaledOut view() {
      return new ScaledOut(service, phase, scaleOut, original, replicas, baseline, calmSince);
    }
  }

  private final Clock clock;
  private final String site;
  private final ScaleBackSettings settings;
  private final Function<String, Optional<Runbook>> runbooks;
  private final BiFunction<Runbook, TriggerContext, Optional<Action>> scaler;
  private final Map<String, Entry> services = new LinkedHashMap<>();

  /**
   * @param site the centre's site, on the triggers of the scale-ins
   * @param runbooks a runbook by id, of any scope (the scale-out's: its guard, steps and
   *     verification carry over to the scale-in)
   * @param scaler proposes a scale-in through the closed loop's executor (plan, guard, apply, verify)
   */
  public ScaleBack(Clock clock, String site, ScaleBackSettings settings, Function<String, Optional<Runbook>> runbooks,
      BiFunction<Runbook, TriggerContext, Optional<Action>> scaler) {
    this.clock = clock;
    this.site = site;
    this.settings = settings;
    this.runbooks = runbooks;
    this.scaler = scaler;
  }

  public ScaleBackSettings settings() {
    return settings;
  }

  /**
   * Follows the audit of every site and the centre: verified scale-outs start watching a service,
   * scale-ins end it. An event seen twice changes nothing.
   */
  public synchronized void onAction(ActionEvent e) {
    Action a = e.action();
    if (a.kind() == ActionKind.SCALE_OUT) {
      onScaleOut(e);
    } else if (a.kind() == ActionKind.SCALE_IN) {
      onScaleIn(e);
    }
  }

  private void onScaleOut(ActionEvent e) {
    Action a = e.action();
    Entry entry = services.get(a.target());
    switch (e.state()) {
      case VERIFIED -> {
        int from = count(a, "from");
        int to = count(a, "replicas");
        double baseline = number(a, "baseline");
        if (from < 1 || to <= from) {
          return;
        }
        if (!(baseline > 0)) {
          log.info("{}: scale-out {} to {} replicas carries no baseline; kept (no load to judge it against)",
              a.target(), a.id(), to);
          return;
        }
        if (entry == null) {
          services.put(a.target(), new Entry(a.target(), a, from, to, baseline));
          log.info("{}: scaled out {} -> {} ({}); scaled back once its load fits {} replicas for {}", a.target(), from,
              to, a.id(), from, settings.hold());
        } else if (!entry.scaleOut.id().equals(a.id())) {
          entry.scaleOut = a; // a second scale-out: the original count stays the one before the first
          entry.replicas = to;
          entry.baseline = baseline;
          watch(entry);
        }
      }
      case ROLLED_BACK, REVERTED -> {
        if (entry != null && entry.scaleOut.id().equals(a.id())) {
          entry.replicas = count(a, "from");
          if (entry.replicas <= entry.original) {
            services.remove(a.target());
          }
        }
      }
      default -> { }
    }
  }

  private void onScaleIn(ActionEvent e) {
    Action a = e.action();
    Entry entry = services.get(a.target());
    if (entry == null) {
      return;
    }
    // Ours by what it names, not by an id kept when proposing: its events may arrive before the proposal returns.
    boolean ours = a.runbook().startsWith(RUNBOOK_PREFIX) && a.trigger().equals(entry.scaleOut.id());
    switch (e.state()) {
      case VERIFIED -> {
        entry.replicas = count(a, "replicas");
        if (entry.replicas <= entry.original) {
          services.remove(a.target());
          log.info("{}: scaled back to its original {} replicas and verified ({})", a.target(), entry.original,
              a.id());
        } else if (ours) {
          watch(entry);
        }
      }
      case ROLLED_BACK -> {
        if (ours) {
          log.info("{}: scale-back {} rolled back (the load needed the replicas); watching again", a.target(), a.id());
          watch(entry);
        }
      }
      case FAILED -> {
        if (ours && !e.detail().endsWith("(retryable)")) {
          // No adapter can scale it in, or it refused for good: trying every hold would only fill the audit.
          log.warn("{}: scale-back {} failed for good ({}); kept at {} replicas: a person must scale it back",
              a.target(), a.id(), e.detail(), entry.replicas);
          services.remove(a.target());
        } else if (ours) {
          entry.phase = Phase.HOLDING;
          entry.calmSince = e.time();
        }
      }
      case REJECTED, DRY_RUN -> {
        if (ours) {
          entry.phase = Phase.HOLDING;
          entry.calmSince = e.time(); // the refusal's time: the bus may carry the event a little later
          log.info("{}: scale-back {} {} ({}); next try after {}", a.target(), a.id(), e.state(), e.detail(),
              settings.hold());
        }
      }
      case UNVERIFIED -> {
        if (ours) {
          log.warn("{}: scale-back {} unverified and not undone ({}): a person must look", a.target(), a.id(),
              e.detail());
          services.remove(a.target());
        }
      }
      default -> { }
    }
  }

  private static void watch(Entry entry) {
    entry.phase = Phase.WATCHING;
    entry.calmSince = null;
  }

  /** The services' utilization samples ({@link #METRIC}); every other sample is ignored. */
  public synchronized void onSamples(List<Sample> samples) {
    for (Sample s : samples) {
      if (!s.metric().equals(METRIC)) {
        continue;
      }
      Entry entry = services.get(s.resource());
      if (entry == null || entry.phase == Phase.SCALING_IN) {
        continue;
      }
      entry.lastUtilization = s.value();
      if (fits(entry, s.value())) {
        if (entry.phase == Phase.WATCHING) {
          entry.phase = Phase.HOLDING;
          entry.calmSince = s.time();
        }
      } else if (entry.phase == Phase.HOLDING) {
        entry.phase = Phase.WATCHING;
        entry.calmSince = null;
      }
    }
  }

  /** Whether a window's load would run on the original count within tolerance of its learned level. */
  private boolean fits(Entry entry, double utilization) {
    return utilization >= 0
        && utilization * entry.replicas <= entry.original * entry.baseline * (1 + settings.tolerance());
  }

  /** Scales back each service whose load has fitted its original count for the hold time. */
  public synchronized void tick() {
    Instant now = clock.instant();
    for (Entry entry : List.copyOf(services.values())) {
      if (entry.phase == Phase.HOLDING && !now.isBefore(entry.calmSince.plus(settings.hold()))) {
        scaleBack(entry, now);
      }
    }
  }

  private void scaleBack(Entry entry, Instant now) {
    entry.phase = Phase.SCALING_IN;
    TriggerContext trigger = new TriggerContext(entry.scaleOut.id(), site, now, entry.service, entry.lastUtilization,
        entry.baseline, List.of());
    Optional<Action> proposed = scaler.apply(runbook(entry.scaleOut), trigger);
    if (proposed.isEmpty() && services.get(entry.service) == entry) {
      entry.phase = Phase.HOLDING; // nothing proposed (one in flight, unplannable): try again after another hold
      entry.calmSince = now;
    }
  }

  /** The scale-back's runbook: the scale-out runbook's guard, steps and verification, acting by SCALE_IN. */
  private Runbook runbook(Action scaleOut) {
    Optional<Runbook> original = runbooks.apply(scaleOut.runbook());
    GuardPolicy guard = original.map(Runbook::guard).orElse(GuardPolicy.defaults());
    VerifyPolicy v = original.map(Runbook::verify).orElse(VerifyPolicy.defaults());
    return new Runbook(RUNBOOK_PREFIX + scaleOut.runbook(), "gives back the replicas " + scaleOut.runbook()
        + " added, once the load fits the count before it", Runbook.Scope.CENTRAL,
        original.map(Runbook::trigger).orElse(new Trigger.OnDetection(METRIC)), ActionKind.SCALE_IN, Map.of(),
        original.map(Runbook::steps).orElse(List.of()), guard,
        new VerifyPolicy(v.kpi(), v.within(), v.stableFor(), true, null));
  }

  /** The scaled-out service {@code resource} ({@code service:site/name}), if it is watched. */
  public synchronized Optional<ScaledOut> get(String resource) {
    return Optional.ofNullable(services.get(resource)).map(Entry::view);
  }

  /** Every watched service, in the order they were scaled out. */
  public synchronized List<ScaledOut> all() {
    return services.values().stream().map(Entry::view).toList();
  }

  private static int count(Action a, String param) {
    try {
      return Integer.parseInt(a.params().getOrDefault(param, "-1"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static double number(Action a, String param) {
    try {
      return Double.parseDouble(a.params().getOrDefault(param, "NaN"));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
