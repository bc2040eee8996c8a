package io.sextant.collector.source.probe;

import io.sextant.collector.source.Source;
import io.sextant.common.action.ActionResult;
import io.sextant.common.action.ProbeRequest;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protection probes the centre asked this site for ({@link ProbeRequest}): while a reroute
 * keeps traffic off a link, this site probes a peer across that link at a low rate, and reports
 * the loss as {@value ProbeRequest#METRIC} on {@code link:<id>}, so the centre can tell when the
 * link is healthy again. Each request probes from its own {@link ProbeSource} (its own port), so
 * its replies never mix with the mesh's.
 *
 * <p>Where the probes go: {@link Peer#across} the link, the peer's address for that link when the
 * peer has one (which is what makes the probes cross the link while the routing avoids it), else
 * its probe responder's. Where they leave from: this site's own address on the link when it has
 * one ({@code onLink}), else the mesh's. Routing does the pinning, not this class: an operator
 * announces a site's link address only over that link's BGP session and routes what leaves from it
 * out of that link (a source rule, {@code ip rule add from ADDR lookup T}), so a probe from it, and
 * the reply to a peer's probe of it, cross the link in both directions whatever the reroute did
 * (docs/remediation.md). Requests arrive on the command thread,
 * windows are collected on the window thread; a request stopped during a round loses that round.
 */
public final class ProtectionProbes implements Source, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProtectionProbes.class);
  private final String site;
  private final Map<String, Peer> peers;
  private final InetSocketAddress bind;
  private final Map<String, InetAddress> onLink;
  private final Duration interval;
  private final Duration timeout;
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();

  private record Running(ProbeRequest request, ProbeSource source) {}

  /**
   * @param peers this site's probe peers
   * @param bind where the probes leave from (port 0: an ephemeral one per request)
   * @param interval between probes of a round; {@code timeout} for the last reply
   */
  public ProtectionProbes(String site, List<Peer> peers, InetSocketAddress bind, Duration interval, Duration timeout) {
    this(site, peers, bind, Map.of(), interval, timeout);
  }

  /**
   * @param onLink per link id, this site's own address on that link: probes across the link leave
   *     from it (an ephemeral port) instead of {@code bind}
   */
  public ProtectionProbes(String site, List<Peer> peers, InetSocketAddress bind, Map<String, InetAddress> onLink,
      Duration interval, Duration timeout) {
    this.onLink = Map.copyOf(onLink);
    this.site = site;
    Map<String, Peer> byName = new java.util.LinkedHashMap<>();
    peers.forEach(p -> byName.put(p.site(), p));
    this.peers = Map.copyOf(byName);
    this.bind = bind;
    this.interval = interval;
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return "protection-probe";
  }

  /** Starts probing for {@code request}, under the command's action id; starting it again changes nothing. */
  public ActionResult start(String id, ProbeRequest request) {
    if (!request.src().equals(site)) {
      return refuse("probe request for " + request.src() + " reached site " + site);
    }
    Peer peer = peers.get(request.peer());
    if (peer == null) {
      return refuse("no probe peer '" + request.peer() + "' at " + site + " (sources.probes.peers)");
    }
    InetSocketAddress target = peer.across(request.link());
    if (running.containsKey(id)) {
      return ActionResult.ok("already probing " + request.peer() + " across " + request.link());
    }
    try {
      ProbeSource source = new ProbeSource(site, List.of(new Peer(request.peer(), target, null)),
          new ProbeConfig(request.probes(), interval, timeout), from(request.link()));
      running.put(id, new Running(request, source));
    } catch (IOException e) {
      return ActionResult.failed("cannot open a probe socket: " + e.getMessage(), true);
    }
    log.info("site {}: protection probes to {} at {} from {} across {} ({} a window)", site, request.peer(), target,
        from(request.link()).getAddress(), request.link(), request.probes());
    return ActionResult.ok("probing " + request.peer() + " at " + target + " from " + from(request.link()).getAddress()
        + " across " + request.link());
  }

  /** Where probes across {@code link} leave from: this site's address on it, else the mesh's. */
  InetSocketAddress from(String link) {
    InetAddress own = onLink.get(link);
    return own == null ? bind : new InetSocketAddress(own, 0);
  }

  /** Stops the probes started under {@code id}. */
  public ActionResult stop(String id) {
    Running r = running.remove(id);
    if (r == null) {
      return ActionResult.ok("no protection probe " + id + " running");
    }
    try {
      r.source().close();
    } catch (IOException e) {
      log.warn("closing the protection probe {}: {}", id, e.toString());
    }
    return ActionResult.ok("protection probes to " + r.request().peer() + " across " + r.request().link()
        + " stopped");
  }

  private ActionResult refuse(String why) {
    refused.incrementAndGet();
    return ActionResult.failed(why, false);
  }

  /** One round per running request; a request whose round fails (stopped meanwhile) reports nothing. */
  @Override
  public List<Sample> collect(Instant windowEnd) throws InterruptedException {
    List<Sample> out = new ArrayList<>();
    for (Running r : running.values()) {
      try {
        for (Sample s : r.source().collect(windowEnd)) {
          if (s.metric().equals("probe_loss_ratio")) {
            out.add(new Sample(site, ProbeRequest.METRIC, Labels.of(Sample.RESOURCE, "link:" + r.request().link(),
                "src", site, "dst", r.request().peer()), windowEnd, s.value()));
          }
        }
      } catch (IOException e) {
        log.debug("protection probe to {} skipped a window: {}", r.request().peer(), e.toString());
      }
    }
    return out;
  }

  /** The requests running now. */
  public List<ProbeRequest> running() {
    return running.values().stream().map(Running::request).toList();
  }

  /** Requests refused (for another site, an unknown peer). */
  public long refused() {
    return refused.get();
  }

  @Override
  public void close() {
    for (String id : List.copyOf(running.keySet())) {
      stop(id);
    }
  }
}
