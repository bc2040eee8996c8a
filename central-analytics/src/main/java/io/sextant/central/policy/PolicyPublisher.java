package io.sextant.central.policy;

import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.UploadPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the sites' upload policies from a {@link PolicyFile} on {@link Topic#POLICIES}, keyed
 * by site (a compacted topic: the latest per site is what a reconnecting edge gets).
 *
 * <ul>
 *   <li>{@link #start()} reads the file and publishes every site's policy; an invalid file there
 *       is an error (the centre should not run with policies it cannot read).</li>
 *   <li>{@link #check()} re-reads the file: a site whose policy changed is published again; an
 *       invalid file is logged and counted and the last good policies stay; a site whose policy
 *       changed without a higher version is refused (logged, counted, not published), because
 *       every edge would ignore it and the operator would believe it applied.</li>
 *   <li>A publish the bus does not acknowledge is retried on the next check. Every
 *       {@code republishEvery} all policies are sent again (edges ignore versions they have),
 *       for a bus that does not retain them.</li>
 * </ul>
 * {@link #start(Duration, Duration)} runs the checks on a thread of its own; the methods are
 * synchronized and may also be called directly (tests, a reload command).
 */
public final class PolicyPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PolicyPublisher.class);
  public static final Duration DEFAULT_CHECK_EVERY = Duration.ofSeconds(10);
  public static final Duration DEFAULT_REPUBLISH_EVERY = Duration.ofMinutes(5);
  static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

  private final Path file;
  private final MessageBus bus;
  private final Clock clock;
  /** The last good policy per site from the file, and whether the bus acknowledged it. */
  private final Map<String, UploadPolicy> current = new HashMap<>();
  private final Map<String, Boolean> acked = new HashMap<>();
  private Instant lastRepublish = Instant.MIN;
  private Duration republishEvery = DEFAULT_REPUBLISH_EVERY;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong publishFailures = new AtomicLong();
  private final AtomicLong invalidFiles = new AtomicLong();
  private final AtomicLong versionNotRaised = new AtomicLong();
  private volatile String lastError = "";
  private ScheduledExecutorService timer;

  public PolicyPublisher(Path file, MessageBus bus, Clock clock) {
    this.file = file;
    this.bus = bus;
    this.clock = clock;
  }

  /** Reads the file (throwing {@link PolicyFileException} if it is invalid) and publishes every policy. */
  public synchronized Map<String, UploadPolicy> start() {
    Map<String, UploadPolicy> read = PolicyFile.read(file, clock.instant());
    current.putAll(read);
    read.keySet().forEach(s -> acked.put(s, false));
    lastRepublish = clock.instant();
    publishPending();
    log.info("upload policies for {} site(s) from {}", read.size(), file);
    return Map.copyOf(current);
  }

  /** Starts {@link #start()} and then {@link #check()} every {@code checkEvery} on its own thread. */
  public synchronized Map<String, UploadPolicy> start(Duration checkEvery, Duration republish) {
    Map<String, UploadPolicy> first = start();
    this.republishEvery = republish;
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sextant-policy-publisher");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(() -> {
      try {
        check();
      } catch (RuntimeException e) {
        log.error("upload policy check failed: {}", e.toString());
      }
    }, checkEvery.toMillis(), checkEvery.toMillis(), TimeUnit.MILLISECONDS);
    return first;
  }

  /** Re-reads the file and publishes what changed; returns the sites published by this check. */
  public synchronized List<String> check() {
    Instant now = clock.instant();
    Map<String, UploadPolicy> read;
    try {
      read = PolicyFile.read(file, now);
    } catch (PolicyFileException e) {
      invalidFiles.incrementAndGet();
      if (!e.getMessage().equals(lastError)) { // once per distinct error, not every check
        log.error("upload policy file not applied, the last good policies stay: {}", e.getMessage());
      }
      lastError = e.getMessage();
      publishPending();
      return List.of();
    }
    lastError = "";
    for (Map.Entry<String, UploadPolicy> e : read.entrySet()) {
      UploadPolicy before = current.get(e.getKey());
      UploadPolicy after = e.getValue();
      if (before != null && sameContent(before, after)) {
        continue;
      }
      if (before != null && after.version() <= before.version()) {
        versionNotRaised.incrementAndGet();
        log.error("{}: upload policy changed but its version {} is not higher than {}: not published "
            + "(every edge would ignore it); raise the version", e.getKey(), after.version(), before.version());
        continue;
      }
      current.put(e.getKey(), after);
      acked.put(e.getKey(), false);
    }
    for (String gone : new TreeSet<>(current.keySet())) {
      if (!read.containsKey(gone)) {
        // Nothing to publish: an edge keeps its last policy until it gets a newer one.
        log.warn("{}: no longer in {}; the site keeps applying version {}", gone, file, current.get(gone).version());
      }
    }
    if (!Duration.between(lastRepublish, now).minus(republishEvery).isNegative()) {
      lastRepublish = now;
      acked.replaceAll((s, a) -> false);
    }
    return publishPending();
  }

  private List<String> publishPending() {
    List<String> done = new java.util.ArrayList<>();
    for (String site : new TreeSet<>(acked.keySet())) {
      if (acked.get(site) || !current.containsKey(site)) {
        continue;
      }
      try {
        bus.publish(Topic.POLICIES, current.get(site)).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        acked.put(site, true);
        published.incrementAndGet();
        done.add(site);
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        publishFailures.incrementAndGet();
        log.warn("{}: upload policy version {} not published yet (retried on the next check): {}", site,
            current.get(site).version(), e.toString());
      }
    }
    return done;
  }

  /** Equal but for the publication time (and the id, which follows the version). */
  static boolean sameContent(UploadPolicy a, UploadPolicy b) {
    return a.version() == b.version() && a.defaultMode() == b.defaultMode() && a.rules().equals(b.rules())
        && a.redactLabels().equals(b.redactLabels()) && a.aggregateWindow().equals(b.aggregateWindow());
  }

  /** The last good policy per site. */
  public synchronized Map<String, UploadPolicy> policies() {
    return Map.copyOf(current);
  }

  public long published() {
    return published.get();
  }

  public long publishFailures() {
    return publishFailures.get();
  }

  public long invalidFiles() {
    return invalidFiles.get();
  }

  public long versionNotRaised() {
    return versionNotRaised.get();
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
