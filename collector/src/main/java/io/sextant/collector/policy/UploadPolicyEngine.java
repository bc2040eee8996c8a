package io.sextant.collector.policy;

import io.sextant.collector.outbox.LocalState;
import io.sextant.common.codec.JsonCodec;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Sample;
import io.sextant.common.model.UploadPolicy;
import io.sextant.common.model.UploadPolicy.Mode;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's upload policy, applied between the reasoner and the outbox: the reasoner has seen
 * every sample; this decides what of it leaves the site.
 * <ul>
 *   <li>RAW series go up as collected, AGGREGATE series only as windowed aggregates
 *       ({@link WindowAggregator}), LOCAL_ONLY series not at all;</li>
 *   <li>detections of RAW and AGGREGATE series go up (the centre must see faults; a detection
 *       carries one observed value), those of LOCAL_ONLY series stay at the site;</li>
 *   <li>the policy's redacted labels are replaced by keyed hashes ({@link LabelRedactor}) in
 *       everything that goes up, including a detection's {@code resource} when {@code resource}
 *       is redacted. The uploaded series id is that of the redacted series.</li>
 * </ul>
 * Until a policy arrives everything goes up raw (the behaviour before policies existed). The
 * edge's audit events ({@link ActionEvent}s of local repair) go through {@link #redact(ActionEvent)}
 * ({@link ActionEventRedactor}): the same tokens for the same values, details withheld for
 * resources with local-only series.
 *
 * <p>The open aggregate windows are local state too: {@link #filter} hands the changed state out
 * in its {@link Upload} for the uplink to commit with the window's messages, and the constructor
 * restores the state last committed, so a stop or a kill in the middle of a window neither loses
 * nor repeats an aggregate.
 *
 * <p>A policy is accepted only for this site and with a version higher than the one applied; it
 * is then saved in {@link LocalState} (the outbox's SQLite file) before it takes effect, so a
 * restart while cut off from the centre applies it again. {@link #accept} and
 * {@link #redact(ActionEvent)} may be called from any thread (the bus's, an approval's);
 * {@link #filter} from one window thread.
 */
public final class UploadPolicyEngine {
  private static final Logger log = LoggerFactory.getLogger(UploadPolicyEngine.class);
  static final String STATE_POLICY = "upload-policy";
  static final String STATE_KEY = "redaction-key";
  static final String STATE_AGGREGATES = "aggregate-windows";

  /** What {@link #accept} did with a policy. */
  public enum Outcome { ACCEPTED, STALE, OTHER_SITE }

  private final String site;
  private final LocalState state;
  private final JsonCodec codec = JsonCodec.get();
  private final LabelRedactor redactor;
  private final WindowAggregator aggregator = new WindowAggregator();
  private final ActionEventRedactor actions;
  /** Guards the window-thread parts (redactor cache, aggregator, local-only resources) against audit calls. */
  private final Object windowLock = new Object();
  private volatile long aggregateStateBytes;
  private volatile long aggregateStateUnreadable;
  private volatile PolicyMatcher current;
  private final Map<Mode, AtomicLong> samples = new EnumMap<>(Mode.class);
  private final Map<Mode, AtomicLong> detections = new EnumMap<>(Mode.class);
  private final Map<Outcome, AtomicLong> outcomes = new EnumMap<>(Outcome.class);

  public UploadPolicyEngine(String site, LocalState state) {
    this.site = site;
    this.state = state;
    for (Mode m : Mode.values()) {
      samples.put(m, new AtomicLong());
      detections.put(m, new AtomicLong());
    }
    for (Outcome o : Outcome.values()) {
      outcomes.put(o, new AtomicLong());
    }
    this.redactor = new LabelRedactor(redactionKey(state));
    this.actions = new ActionEventRedactor(redactor);
    this.current = loadSaved().map(PolicyMatcher::new).orElse(null);
    current().ifPresent(p -> log.info("{}: applying saved upload policy version {}", site, p.version()));
    restoreAggregates();
  }

  private void restoreAggregates() {
    Optional<byte[]> saved = state.load(STATE_AGGREGATES);
    if (saved.isEmpty()) {
      return;
    }
    try {
      aggregator.restore(saved.get());
      aggregateStateBytes = saved.get().length;
      log.info("{}: restored {} series with open aggregate windows (closed up to {})", site, aggregator.openSeries(),
          aggregator.closedUpTo().map(Instant::toString).orElse("-"));
    } catch (IllegalArgumentException e) {
      // Not fatal: the open windows' partial aggregates are lost (as before they were kept), the rest goes on.
      aggregateStateUnreadable++;
      log.error("{}: the saved aggregate windows cannot be read and are dropped: {}", site, e.getMessage());
    }
  }

  /** Applies {@code p} if it is for this site and newer than the current one; saved before it applies. */
  public synchronized Outcome accept(UploadPolicy p) {
    Outcome o;
    if (!p.site().equals(site)) {
      o = Outcome.OTHER_SITE;
    } else if (current != null && p.version() <= current.policy().version()) {
      o = Outcome.STALE;
      log.debug("{}: ignoring upload policy version {} (applying {})", site, p.version(), current.policy().version());
    } else {
      PolicyMatcher m = new PolicyMatcher(p);
      state.save(STATE_POLICY, codec.encode(p));
      current = m;
      o = Outcome.ACCEPTED;
      log.info("{}: upload policy version {} applied ({} rules, default {}, {} redacted labels, window {})", site,
          p.version(), p.rules().size(), p.defaultMode(), p.redactLabels().size(), p.aggregateWindow());
    }
    outcomes.get(o).incrementAndGet();
    return o;
  }

  /** The policy applied now; empty before the first one (everything goes up raw). */
  public Optional<UploadPolicy> current() {
    PolicyMatcher m = current;
    return m == null ? Optional.empty() : Optional.of(m.policy());
  }

  /**
   * What of one window goes up: raw samples of RAW series and the aggregates of every window
   * that ended by {@code windowEnd}, and the detections of series that are not LOCAL_ONLY, all
   * redacted.
   */
  public Upload filter(Instant windowEnd, List<Sample> in, List<Detection> found) {
    synchronized (windowLock) {
      PolicyMatcher m = current;
      Upload up = filter(m, windowEnd, in, found);
      Optional<byte[]> changed = aggregator.snapshot();
      if (changed.isEmpty()) {
        return up;
      }
      aggregateStateBytes = changed.get().length;
      return new Upload(up.samples(), up.detections(), Map.of(STATE_AGGREGATES, changed.get()));
    }
  }

  /**
   * The state handed out with the last {@link #filter} was not committed (the outbox failed):
   * the next window hands the whole state out again.
   */
  public void stateNotCommitted() {
    synchronized (windowLock) {
      aggregator.unsaved();
    }
  }

  private Upload filter(PolicyMatcher m, Instant windowEnd, List<Sample> in, List<Detection> found) {
    if (m == null || m.passThrough()) {
      samples.get(Mode.RAW).addAndGet(in.size());
      detections.get(Mode.RAW).addAndGet(found.size());
      List<Sample> out = in;
      List<Sample> closed = aggregator.close(site, windowEnd); // windows opened under an earlier policy
      if (!closed.isEmpty()) {
        out = new ArrayList<>(in);
        out.addAll(closed);
      }
      return new Upload(out, found);
    }
    boolean keepsLocal = m.keepsAnythingLocal();
    if (keepsLocal) {
      actions.beginWindow(m);
    }
    UploadPolicy p = m.policy();
    List<String> redact = p.redactLabels();
    List<Sample> out = new ArrayList<>(in.size());
    long raw = 0;
    long aggregated = 0;
    long local = 0;
    for (Sample s : in) {
      switch (m.modeOf(s.metric(), s.labels())) {
        case RAW -> {
          raw++;
          out.add(redact.isEmpty() ? s : redacted(s, redact));
        }
        case AGGREGATE -> {
          aggregated++;
          aggregator.add(s, p.aggregateWindow());
        }
        case LOCAL_ONLY -> {
          local++;
          actions.localOnly(s.resource());
        }
      }
    }
    for (Sample a : aggregator.close(site, windowEnd)) {
      out.add(redact.isEmpty() ? a : redacted(a, redact));
    }
    samples.get(Mode.RAW).addAndGet(raw);
    samples.get(Mode.AGGREGATE).addAndGet(aggregated);
    samples.get(Mode.LOCAL_ONLY).addAndGet(local);
    List<Detection> up = new ArrayList<>(found.size());
    for (Detection d : found) {
      Mode mode = m.modeOf(d.metric(), d.labels());
      detections.get(mode).incrementAndGet();
      if (mode != Mode.LOCAL_ONLY) {
        up.add(redact.isEmpty() ? d : redacted(d, redact));
      } else {
        actions.localOnly(d.resource());
      }
    }
    return new Upload(out, up);
  }

  /**
   * An audit event of a local action as it may leave the site: redacted values hashed with the
   * same key and tokens as the series, the detail withheld when the action concerns a resource
   * with local-only series (then logged here in full, the site's own record). See
   * {@link ActionEventRedactor}.
   */
  public ActionEvent redact(ActionEvent e) {
    ActionEvent up;
    synchronized (windowLock) {
      up = actions.redact(e, current);
    }
    if (up != e && !up.detail().equals(e.detail()) && ActionEventRedactor.WITHHELD.equals(up.detail())) {
      log.info("{}: action {} {} on {}: {} (detail kept at the site)", site, e.action().id(), e.state(),
          e.action().target(), e.detail());
    }
    return up;
  }

  private Sample redacted(Sample s, List<String> names) {
    Map<String, String> labels = redactor.redact(s.labels(), names);
    return labels == s.labels() ? s : new Sample(s.site(), s.metric(), labels, s.time(), s.value());
  }

  /** Same id (the edge's, stable across resends), redacted labels and resource. */
  private Detection redacted(Detection d, List<String> names) {
    Map<String, String> labels = redactor.redact(d.labels(), names);
    String resource = names.contains(Sample.RESOURCE) && !d.resource().isEmpty()
        ? redactor.token(Sample.RESOURCE, d.resource()) : d.resource();
    if (labels == d.labels() && resource.equals(d.resource())) {
      return d;
    }
    return new Detection(d.id(), d.site(), d.time(), d.detector(), d.metric(), labels, resource, d.state(),
        d.observed(), d.expected(), d.score(), d.severity(), d.evidence());
  }

  private Optional<UploadPolicy> loadSaved() {
    Optional<byte[]> saved = state.load(STATE_POLICY);
    if (saved.isEmpty()) {
      return Optional.empty();
    }
    try {
      UploadPolicy p = codec.decode(saved.get(), UploadPolicy.class);
      return p.site().equals(site) ? Optional.of(p) : Optional.empty();
    } catch (RuntimeException e) {
      // Not fatal: the centre republishes policies; until then everything goes up raw.
      log.error("{}: the saved upload policy cannot be read and is ignored until the centre sends one: {}", site,
          e.getMessage());
      return Optional.empty();
    }
  }

  /** The site's secret for label hashes: made once, kept in local state, never sent. */
  private static byte[] redactionKey(LocalState state) {
    Optional<byte[]> k = state.load(STATE_KEY);
    if (k.isPresent() && k.get().length >= 32) {
      return k.get();
    }
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    state.save(STATE_KEY, key);
    return key;
  }

  public long samples(Mode mode) {
    return samples.get(mode).get();
  }

  public long detections(Mode mode) {
    return detections.get(mode).get();
  }

  public long policies(Outcome outcome) {
    return outcomes.get(outcome).get();
  }

  /** Derived aggregate samples emitted. */
  public long aggregatesEmitted() {
    return aggregator.emitted();
  }

  /** Points of AGGREGATE series that came after their window had closed (not uploaded). */
  public long aggregateLate() {
    return aggregator.late();
  }

  public long labelsRedacted() {
    return redactor.redacted();
  }

  /** Series with an open aggregate window now. */
  public int aggregateOpenSeries() {
    return aggregator.openSeries();
  }

  /** Size of the aggregate state last saved or restored (0: none). */
  public long aggregateStateBytes() {
    return aggregateStateBytes;
  }

  /** 1 when the saved aggregate state could not be read at start (its open windows were dropped). */
  public long aggregateStateUnreadable() {
    return aggregateStateUnreadable;
  }

  /**
   * The end up to which aggregate windows are closed: the last window filtered, or after a
   * restart the last one whose messages were committed with the state. Empty before any.
   */
  public Optional<Instant> aggregatedUpTo() {
    synchronized (windowLock) {
      return aggregator.closedUpTo();
    }
  }

  /** Audit events that went through the policy. */
  public long actionEvents() {
    return actions.events();
  }

  /** Audit events in which at least one value was replaced by its token. */
  public long actionEventsRedacted() {
    return actions.redacted();
  }

  /** Audit events whose detail stayed at the site (the action concerns local-only series). */
  public long actionDetailsWithheld() {
    return actions.withheld();
  }
}
