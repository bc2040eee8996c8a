package io.sextant.collector.uplink;

import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.collector.metrics.CollectorMetrics;
import io.sextant.collector.outbox.BusSender;
import io.sextant.collector.outbox.DrainResult;
import io.sextant.collector.outbox.Outbox;
import io.sextant.collector.outbox.OutboxConfig;
import io.sextant.collector.outbox.OutboxException;
import io.sextant.collector.policy.Upload;
import io.sextant.collector.policy.UploadPolicyEngine;
import io.sextant.common.bus.Bus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.codec.CodecException;
import io.sextant.common.codec.JsonCodec;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Message;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import io.sextant.common.model.UploadPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything between an edge site's reasoner and the central bus, in one component:
 * upload policy ({@link UploadPolicyEngine}) → durable outbox ({@link Outbox}) → a drain thread
 * that sends to the bus ({@link BusSender}) and backs off while the bus is down, plus the
 * subscription that receives this site's upload policies from {@link Topic#POLICIES}.
 *
 * <pre>
 * EdgeUplink uplink = EdgeUplink.builder(site, bus, Path.of("/var/lib/sextant/outbox.db"))
 *     .clock(clock).metrics(registry).start();
 * LocalRepair repair = new LocalRepair(clock, actuator, runbooks, uplink::audit);
 * ...each window: uplink.window(t, samples, reasoner.observe(samples));
 * </pre>
 *
 * <p>Threading: {@link #window} from one window thread; {@link #audit} and {@link #send} from any
 * thread. They return once the messages are committed to the outbox; a failing disk is logged and
 * counted and never thrown into the reasoner's loop (detection and repair go on). Sending happens
 * on the uplink's own thread, in the outbox's order (alarms, events, samples; append order per
 * key). After a crash between a send and its removal a message is sent again with the same id.
 */
public final class EdgeUplink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EdgeUplink.class);
  public static final int DEFAULT_DRAIN_BATCH = 1000;
  public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(200);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
  /** How often an idle drainer looks again without being woken (also retries the policy subscription). */
  public static final Duration IDLE_POLL = Duration.ofSeconds(1);
  private static final long LOGGED_APPEND_FAILURES = 5;

  private final String site;
  private final MessageBus bus;
  private final Outbox outbox;
  private final UploadPolicyEngine policy;
  private final BusSender sender;
  private final Backoff backoff;
  private final int drainBatch;
  private final boolean subscribePolicies;
  private final Object signal = new Object();
  private boolean pending; // guarded by signal: appended since the drainer last looked
  private volatile boolean running;
  private volatile boolean linkUp = true;
  private volatile Bus.Subscription policySubscription;
  /** Set by {@link #close} under this object's lock: no subscription is made after it. */
  private boolean closed;
  private Thread drainer;
  private final AtomicLong roundsOk = new AtomicLong();
  private final AtomicLong roundsFailed = new AtomicLong();
  private final AtomicLong appendFailures = new AtomicLong();
  private final AtomicLong policiesUndecodable = new AtomicLong();
  private final AtomicLong policyFailures = new AtomicLong();
  private final JsonCodec codec = JsonCodec.get();

  private EdgeUplink(Builder b) {
    this.site = b.site;
    this.bus = b.bus;
    this.outbox = new Outbox(b.outbox, b.clock);
    this.policy = new UploadPolicyEngine(site, outbox);
    this.sender = new BusSender(bus, b.sendTimeout);
    this.backoff = new Backoff(b.minBackoff, b.maxBackoff);
    this.drainBatch = b.drainBatch;
    this.subscribePolicies = b.subscribePolicies;
    if (b.metrics != null) {
      CollectorMetrics.bind(b.metrics, this);
    }
    // Early, so a policy published before start() is not missed, but on a thread of its own: a
    // broker that accepts connections and does not answer would hold a subscribe for the client's
    // operation timeout (30 s), and the edge must produce from its first window even then. The
    // drain rounds retry it while the bus refuses.
    if (subscribePolicies) {
      Thread first = new Thread(this::ensureSubscribed, "policy-subscribe-" + site);
      first.setDaemon(true);
      first.start();
    }
  }

  public static Builder builder(String site, MessageBus bus, Path outboxFile) {
    return new Builder(site, bus, OutboxConfig.defaults(outboxFile));
  }

  /**
   * One window of the site: applies the upload policy to the reasoner's input and output and
   * commits what may go up (the detections, then one sample batch keyed by site) in one outbox
   * transaction, together with the policy's open aggregate windows when they changed (so the
   * state a restart restores always matches what the outbox holds).
   */
  public void window(Instant windowEnd, List<Sample> samples, List<Detection> detections) {
    Upload up;
    try {
      up = policy.filter(windowEnd, samples, detections);
    } catch (RuntimeException e) {
      // Fail closed: a policy that cannot be applied must not let data out; the reasoner goes on.
      long n = policyFailures.incrementAndGet();
      if (n <= LOGGED_APPEND_FAILURES) {
        log.error("{}: upload policy failed on window {}; nothing of it goes up: {}", site, windowEnd, e.toString());
      }
      return;
    }
    List<Outbox.Entry> entries = new ArrayList<>(up.detections().size() + 1);
    for (Detection d : up.detections()) {
      entries.add(Outbox.Entry.of(d));
    }
    if (!up.samples().isEmpty()) {
      entries.add(Outbox.Entry.of(SampleBatch.of(site, windowEnd, up.samples())));
    }
    if (!append(entries, up.state()) && !up.state().isEmpty()) {
      policy.stateNotCommitted();
    }
  }

  /**
   * A local action step for the centre's audit log; the local repair's audit sink. The upload
   * policy applies to it as to the window's data ({@link UploadPolicyEngine#redact(ActionEvent)}):
   * redacted values go up as the same tokens, the detail of an action on a resource with
   * local-only series stays at the site.
   */
  public void audit(ActionEvent event) {
    ActionEvent up;
    try {
      up = policy.redact(event);
    } catch (RuntimeException e) {
      long n = policyFailures.incrementAndGet();
      if (n <= LOGGED_APPEND_FAILURES) {
        log.error("{}: upload policy failed on action event {}; it stays at the site: {}", site, event.id(),
            e.toString());
      }
      return;
    }
    append(List.of(Outbox.Entry.of(up)), Map.of());
  }

  /** Any other message for the centre (an alarm raised at the edge, say), in the outbox's order. */
  public void send(Message message) {
    append(List.of(Outbox.Entry.of(message)), Map.of());
  }

  /** Commits entries and state in one transaction; false when the outbox failed (logged, counted). */
  private boolean append(List<Outbox.Entry> entries, Map<String, byte[]> state) {
    if (entries.isEmpty() && state.isEmpty()) {
      return true;
    }
    try {
      outbox.appendAll(entries, state);
    } catch (OutboxException e) {
      long n = appendFailures.incrementAndGet();
      if (n <= LOGGED_APPEND_FAILURES) {
        log.error("{}: cannot keep {} message(s) for the centre (they are lost): {}", site, entries.size(),
            e.getMessage());
      }
      return false;
    }
    if (!entries.isEmpty()) {
      synchronized (signal) {
        pending = true;
        signal.notifyAll();
      }
    }
    return true;
  }

  /** Starts the drain thread and the policy subscription; returns this. */
  public synchronized EdgeUplink start() {
    if (running) {
      return this;
    }
    running = true;
    drainer = new Thread(this::drainLoop, "sextant-uplink-" + site);
    drainer.setDaemon(true);
    drainer.start();
    return this;
  }

  /**
   * One drain round on the caller's thread: up to the drain batch, in order. For callers that
   * drive time themselves (tests, the demo); do not mix with {@link #start()}.
   */
  public DrainResult drainOnce() {
    ensureSubscribed();
    DrainResult r = outbox.drain(drainBatch, sender, sender.timeout());
    linkUp = r.failed() == 0;
    (linkUp ? roundsOk : roundsFailed).incrementAndGet();
    return r;
  }

  private void drainLoop() {
    while (running) {
      synchronized (signal) {
        pending = false; // this round reads everything committed so far
      }
      DrainResult r;
      try {
        r = drainOnce();
      } catch (RuntimeException e) {
        log.error("{}: drain failed: {}", site, e.toString());
        roundsFailed.incrementAndGet();
        linkUp = false;
        r = null;
      }
      if (r == null || r.failed() > 0) {
        // The bus is down (or the disk failed): wait, and do not let new appends cut the wait short.
        pause(backoff.next(), false);
      } else {
        backoff.reset();
        if (r.sent() < drainBatch) {
          pause(IDLE_POLL.toMillis(), true);
        }
      }
    }
  }

  /**
   * Waits {@code ms} of real time (this is the uplink's I/O thread, not detection logic: the
   * injected clock may be a simulated one), or until an append when {@code wakeOnAppend}, or
   * until {@link #close}.
   */
  private void pause(long ms, boolean wakeOnAppend) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    synchronized (signal) {
      while (running && !(wakeOnAppend && pending)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(signal, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Subscribes to this site's policies; retried on every round while the bus refuses. */
  private void ensureSubscribed() {
    if (!subscribePolicies || policySubscription != null) {
      return;
    }
    synchronized (this) {
      if (policySubscription != null || closed) {
        return;
      }
      Bus.Handler handler = delivery -> {
        UploadPolicy p;
        try {
          p = codec.decode(delivery.payload(), UploadPolicy.class);
        } catch (CodecException e) {
          // Poison: counted and acknowledged, the current policy stays (a retry would fail the same way).
          policiesUndecodable.incrementAndGet();
          log.warn("{}: ignoring an upload policy that cannot be read: {}", site, e.getMessage());
          return;
        }
        if (p.site().equals(site)) {
          policy.accept(p); // throws only when it cannot be saved: redelivered then
        }
      };
      try {
        policySubscription = subscribePolicies(handler);
      } catch (RuntimeException e) {
        log.warn("{}: cannot subscribe to upload policies yet (applying version {}): {}", site,
            policy.current().map(p -> Long.toString(p.version())).orElse("none"), e.getMessage());
      }
    }
  }

  /** Latest per key (site) on the compacted topic, so a (re)starting edge gets its current policy. */
  private Bus.Subscription subscribePolicies(Bus.Handler handler) {
    try {
      return bus.raw().subscribeLatest(Topic.POLICIES.name(), "edge-" + site, handler);
    } catch (UnsupportedOperationException e) {
      return bus.raw().subscribe(Topic.POLICIES.name(), "edge-" + site, handler);
    }
  }

  public String site() {
    return site;
  }

  public Outbox outbox() {
    return outbox;
  }

  public UploadPolicyEngine policy() {
    return policy;
  }

  /** False after a drain round in which the bus refused a message, until a round succeeds. */
  public boolean linkUp() {
    return linkUp;
  }

  public boolean policySubscribed() {
    return policySubscription != null;
  }

  /** The backoff being waited now, 0 while the bus takes what is sent. */
  public Duration currentBackoff() {
    return Duration.ofMillis(backoff.currentMs());
  }

  public long roundsOk() {
    return roundsOk.get();
  }

  public long roundsFailed() {
    return roundsFailed.get();
  }

  /** Policies received that could not be decoded (ignored; the current policy stays). */
  public long policiesUndecodable() {
    return policiesUndecodable.get();
  }

  /** Windows and audit events withheld because the upload policy threw on them (fail closed). */
  public long policyFailures() {
    return policyFailures.get();
  }

  public long appendFailures() {
    return appendFailures.get();
  }

  /** Stops the drain thread (waiting for a send in flight), the subscription and the outbox; the bus stays open. */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      running = false;
      closed = true;
      t = drainer;
    }
    synchronized (signal) {
      signal.notifyAll();
    }
    if (t != null) {
      try {
        t.join(BusSender.DEFAULT_TIMEOUT.toMillis() * 2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Bus.Subscription s = policySubscription;
    if (s != null) {
      s.close();
    }
    outbox.close();
  }

  /** Settings with named defaults; {@link #build()} opens the outbox, {@link #start()} also starts sending. */
  public static final class Builder {
    private final String site;
    private final MessageBus bus;
    private OutboxConfig outbox;
    private Clock clock = Clock.systemUTC();
    private Duration sendTimeout = BusSender.DEFAULT_TIMEOUT;
    private Duration minBackoff = DEFAULT_MIN_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private int drainBatch = DEFAULT_DRAIN_BATCH;
    private boolean subscribePolicies = true;
    private MeterRegistry metrics;

    private Builder(String site, MessageBus bus, OutboxConfig outbox) {
      this.site = Objects.requireNonNull(site, "site");
      this.bus = Objects.requireNonNull(bus, "bus");
      this.outbox = outbox;
    }

    /** Outbox bounds other than {@link OutboxConfig#defaults}. */
    public Builder outbox(OutboxConfig config) {
      this.outbox = Objects.requireNonNull(config, "outbox");
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** How long one publish may wait for the bus's acknowledgement. */
    public Builder sendTimeout(Duration d) {
      this.sendTimeout = Objects.requireNonNull(d, "sendTimeout");
      return this;
    }

    public Builder backoff(Duration min, Duration max) {
      this.minBackoff = min;
      this.maxBackoff = max;
      return this;
    }

    public Builder drainBatch(int n) {
      if (n <= 0) {
        throw new IllegalArgumentException("drainBatch must be positive, got " + n);
      }
      this.drainBatch = n;
      return this;
    }

    /** Whether to receive upload policies from the bus (default true). */
    public Builder subscribePolicies(boolean on) {
      this.subscribePolicies = on;
      return this;
    }

    /** Registers the uplink's, the outbox's and the policy's metrics there. */
    public Builder metrics(MeterRegistry registry) {
      this.metrics = registry;
      return this;
    }

    public EdgeUplink build() {
      return new EdgeUplink(this);
    }

    public EdgeUplink start() {
      return build().start();
    }
  }
}
