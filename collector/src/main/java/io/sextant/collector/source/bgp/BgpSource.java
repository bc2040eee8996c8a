package io.sextant.collector.source.bgp;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.collector.source.Source;
import io.sextant.common.frr.BgpPath;
import io.sextant.common.frr.BgpPeer;
import io.sextant.common.frr.FrrJson;
import io.sextant.common.model.Sample;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BGP state of one FRR instance as samples. A poller thread reads {@code show bgp summary json}
 * and each configured prefix's paths every {@code interval} (faster than the collector's window,
 * so flaps between two windows are seen); {@link #collect} reports the latest state and the
 * penalties decayed to the collector's clock.
 *
 * <p>What counts as a flap: for a session, each increase of FRR's {@code connectionsDropped} (exact,
 * whatever the poll rate); for a prefix, each session whose path to it was there at one poll and
 * gone at the next (a withdrawal, or its session going down), or there at both but announced again
 * in between with the same route (FRR's {@code lastUpdate} moved on, {@link BgpPath#reannouncedSince}):
 * a poll slowed by a loaded machine would otherwise miss a withdrawal and its re-announcement that
 * both fell between two reads (on CI a 1 s oscillation stayed below suppression for 24 s). Several
 * flaps between two polls still count as one, and a re-announcement within 2 s of the one before is
 * not seen this way (FRR's epoch wobbles by a second). The first poll only sets the baseline: a restarted
 * edge does not charge the past again.
 *
 * <p>Samples, per session ({@code peer} label, resource {@code bgp-session:<site>/<router>/<peer>}):
 * {@code bgp_session_up} (1 established, else 0), {@code bgp_session_prefixes_received},
 * {@code bgp_session_flaps_total}; per watched prefix ({@code prefix}, resource {@code
 * bgp-prefix:<site>/<router>/<prefix>}): {@code bgp_prefix_paths}, {@code bgp_prefix_best} (1 on the
 * session of the best path, 0 on the others), {@code bgp_prefix_flaps_total}; for both, {@code
 * bgp_flap_penalty} (the highest since the last window: a flap's peak is not lost to decay before the
 * window ends) and {@code bgp_flap_suppressed} (0/1 with the suppress/reuse hysteresis).
 *
 * <p>Per session and watched prefix, once that session has withdrawn that prefix at least once, the
 * same two on the session's resource with both labels ({@code peer}, {@code prefix}): RFC 2439
 * damps a route per peer, and a prefix oscillating on one session while the others hold it steady
 * is that session's fault, so its alarm names the session to move traffic off.
 */
public final class BgpSource implements Source, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BgpSource.class);

  private final String site;
  private final BgpSettings settings;
  private final Clock clock;
  private final AtomicLong polls = new AtomicLong();
  private final AtomicLong pollErrors = new AtomicLong();
  private final Map<String, BgpPeer> peers = new LinkedHashMap<>();
  private final Map<String, FlapPenalty> sessionPenalty = new HashMap<>();
  private final Map<String, List<BgpPath>> paths = new LinkedHashMap<>();
  private final Map<String, FlapPenalty> prefixPenalty = new HashMap<>();
  /** By session, then prefix: created at a session's first withdrawal of the prefix. */
  private final Map<String, Map<String, FlapPenalty>> pathPenalty = new LinkedHashMap<>();
  private ScheduledExecutorService poller;
  private String lastError;
  private boolean baseline;

  public BgpSource(String site, BgpSettings settings, Clock clock) {
    this.site = site;
    this.settings = settings;
    this.clock = clock;
  }

  /** Starts polling on a daemon thread; without it, the caller drives {@link #poll}. */
  public synchronized BgpSource start() {
    if (poller == null) {
      poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bgp-source-" + settings.router());
        t.setDaemon(true);
        return t;
      });
      long ms = settings.interval().toMillis();
      poller.scheduleWithFixedDelay(this::pollQuietly, 0, ms, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  @Override
  public String name() {
    return "bgp";
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (IOException | RuntimeException e) {
      // counted and shown in the next collect; the poller goes on
    }
  }

  /** Reads FRR once and updates the state; throws (and counts) when FRR cannot be read or its answer is bad. */
  public void poll() throws IOException {
    try {
      // One vtysh run for the summary and every prefix: its start dominates the cost of a poll.
      List<String> commands = new ArrayList<>(List.of("show bgp summary json"));
      settings.prefixes().forEach(p -> commands.add("show bgp ipv4 unicast " + p + " json"));
      List<JsonNode> answers = FrrJson.answers(settings.vtysh().run(commands.toArray(String[]::new)), commands.size(),
          "bgp source " + settings.router());
      List<BgpPeer> summary = FrrJson.summary(answers.get(0));
      Map<String, List<BgpPath>> now = new LinkedHashMap<>();
      for (int i = 0; i < settings.prefixes().size(); i++) {
        now.put(settings.prefixes().get(i), FrrJson.paths(answers.get(i + 1), settings.prefixes().get(i)));
      }
      update(summary, now, clock.millis());
      polls.incrementAndGet();
    } catch (IOException | RuntimeException e) {
      pollErrors.incrementAndGet();
      synchronized (this) {
        if (lastError == null) {
          log.warn("bgp source {}: {}", settings.router(), e.getMessage());
        }
        lastError = e.getMessage();
      }
      throw e;
    }
  }

  private synchronized void update(List<BgpPeer> summary, Map<String, List<BgpPath>> now, long t) {
    lastError = null;
    Dampening d = settings.dampening();
    Set<String> configured = new HashSet<>();
    for (BgpPeer p : summary) {
      configured.add(p.address());
      BgpPeer before = peers.put(p.address(), p);
      FlapPenalty pen = sessionPenalty.computeIfAbsent(p.address(), a -> new FlapPenalty(d, t));
      if (baseline && before != null) {
        // a bgpd restart resets the counter: count nothing rather than a negative
        pen.flap((int) Math.max(0, p.connectionsDropped() - before.connectionsDropped()), t);
      }
    }
    peers.keySet().retainAll(configured); // a neighbor removed from FRR's configuration is no longer reported
    sessionPenalty.keySet().retainAll(configured);
    pathPenalty.keySet().retainAll(configured);
    now.forEach((prefix, list) -> {
      List<BgpPath> before = paths.put(prefix, list);
      FlapPenalty pen = prefixPenalty.computeIfAbsent(prefix, x -> new FlapPenalty(d, t));
      if (baseline && before != null) {
        Map<String, BgpPath> was = new HashMap<>();
        before.forEach(b -> was.put(b.peer(), b));
        Set<String> flapped = new HashSet<>(was.keySet());
        list.forEach(b -> {
          if (!b.reannouncedSince(was.getOrDefault(b.peer(), b))) {
            flapped.remove(b.peer());
          }
        });
        pen.flap(flapped.size(), t);
        for (String peer : flapped) {
          pathPenalty.computeIfAbsent(peer, x -> new LinkedHashMap<>())
              .computeIfAbsent(prefix, x -> new FlapPenalty(d, t)).flap(1, t);
        }
      }
    });
    baseline = true;
  }

  @Override
  public synchronized List<Sample> collect(Instant windowEnd) throws IOException {
    if (lastError != null) {
      throw new IOException("bgp source " + settings.router() + ": " + lastError);
    }
    long t = clock.millis();
    List<Sample> out = new ArrayList<>();
    for (BgpPeer p : peers.values()) {
      String res = "bgp-session:" + site + "/" + settings.router() + "/" + p.address();
      FlapPenalty pen = sessionPenalty.get(p.address());
      out.add(sample("bgp_session_up", windowEnd, p.established() ? 1 : 0, res, "peer", p.address()));
      out.add(sample("bgp_session_prefixes_received", windowEnd, p.prefixesReceived(), res, "peer", p.address()));
      out.add(sample("bgp_session_flaps_total", windowEnd, pen.flaps(), res, "peer", p.address()));
      penalty(out, windowEnd, pen, t, res, "peer", p.address());
      pathPenalty.getOrDefault(p.address(), Map.of()).forEach((prefix, pp) ->
          penalty(out, windowEnd, pp, t, res, "peer", p.address(), "prefix", prefix));
    }
    paths.forEach((prefix, list) -> {
      String res = "bgp-prefix:" + site + "/" + settings.router() + "/" + prefix;
      FlapPenalty pen = prefixPenalty.get(prefix);
      out.add(sample("bgp_prefix_paths", windowEnd, list.size(), res, "prefix", prefix));
      for (BgpPath path : list) {
        out.add(sample("bgp_prefix_best", windowEnd, path.best() ? 1 : 0, res, "prefix", prefix, "peer", path.peer()));
      }
      out.add(sample("bgp_prefix_flaps_total", windowEnd, pen.flaps(), res, "prefix", prefix));
      penalty(out, windowEnd, pen, t, res, "prefix", prefix);
    });
    return out;
  }

  private void penalty(List<Sample> out, Instant w, FlapPenalty pen, long t, String res, String... labels) {
    out.add(sample("bgp_flap_penalty", w, pen.peak(t), res, labels));
    out.add(sample("bgp_flap_suppressed", w, pen.suppressed(t) ? 1 : 0, res, labels));
  }

  /** Polls that read FRR. */
  public long polls() {
    return polls.get();
  }

  /** Polls that failed: vtysh missing or failing, bgpd not answering, or an answer that was not FRR's JSON. */
  public long pollErrors() {
    return pollErrors.get();
  }

  private Sample sample(String metric, Instant t, double v, String resource, String... kv) {
    Map<String, String> labels = new HashMap<>();
    labels.put(Sample.RESOURCE, resource);
    for (int i = 0; i < kv.length; i += 2) {
      labels.put(kv[i], kv[i + 1]);
    }
    return new Sample(site, metric, labels, t, v);
  }

  @Override
  public synchronized void close() {
    if (poller != null) {
      poller.shutdownNow();
    }
  }
}
