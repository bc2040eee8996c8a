package io.sextant.node.edge.inputs;

import io.sextant.collector.metrics.CollectorMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.collector.metrics.Meters;
import io.sextant.collector.source.Source;
import io.sextant.collector.source.bgp.BgpSource;
import io.sextant.collector.source.link.LinkSource;
import io.sextant.common.link.Tc;
import io.sextant.collector.source.host.HostSource;
import io.sextant.collector.source.otlp.OtlpHttpReceiver;
import io.sextant.collector.source.probe.ProbeResponder;
import io.sextant.collector.source.probe.ProbeSource;
import io.sextant.collector.source.probe.ProtectionProbes;
import io.sextant.collector.source.probe.TcpProbeResponder;
import io.sextant.collector.source.prometheus.PrometheusScrapeSource;
import io.sextant.collector.source.prometheus.ScrapeTarget;
import io.sextant.common.config.ConfigException;
import io.sextant.common.security.HttpSecurity;
import io.sextant.common.security.JdkListener;
import io.sextant.node.edge.config.SourcesSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real sources of a live edge, opened from {@link SourcesSettings}: host KPIs, scrape targets,
 * the OTLP receiver (listening at once, so exporters can connect before the first window), the
 * probe mesh with this site's UDP and TCP responders, and the router's BGP state (polling at once).
 * Closing stops every listener. A port that cannot be bound fails the start with the field's name,
 * rather than an edge that silently collects less than configured.
 */
public final class LiveSources implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LiveSources.class);

  private final List<Source> sources = new ArrayList<>();
  private final List<PrometheusScrapeSource> scrapes = new ArrayList<>();
  private final List<AutoCloseable> open = new ArrayList<>();
  private OtlpHttpReceiver otlp;
  private ProbeSource probes;
  private ProtectionProbes protection;
  private ProbeResponder responder;
  private TcpProbeResponder tcpResponder;
  private BgpSource bgp;
  private LinkSource links;

  public LiveSources(String site, SourcesSettings settings, Clock clock) throws IOException {
    this(site, settings, clock, HttpSecurity.NONE);
  }

  /** @param security the OTLP receiver's TLS, tokens and rate limit (the edge's {@code http:}) */
  public LiveSources(String site, SourcesSettings settings, Clock clock, HttpSecurity security) throws IOException {
    if (settings.isEmpty()) {
      throw new ConfigException("sources: a live edge (no simulation:) needs at least one of host, scrape, otlp, probes, bgp");
    }
    boolean ok = false;
    try {
      if (settings.host() != null) {
        var h = settings.host();
        sources.add(new HostSource(site, h.node() == null ? hostName() : h.node(), h.proc(), h.sys(), clock));
      }
      for (ScrapeTarget t : settings.scrape()) {
        PrometheusScrapeSource s = new PrometheusScrapeSource(site, t);
        scrapes.add(s);
        sources.add(s);
      }
      if (settings.otlp() != null) {
        otlp = bind("sources.otlp.listen", settings.otlp().listen(),
            () -> new OtlpHttpReceiver(site, settings.otlp().listen(), settings.otlp().maxBuffered(), security.tls(),
                new JdkListener(security.gate(security.tokens(), true, clock, site))));
        open.add(otlp);
        sources.add(otlp);
      }
      if (settings.probes() != null) {
        var p = settings.probes();
        responder = bind("sources.probes.listen", p.listen(), () -> ProbeResponder.answeringAll(p.listen()));
        open.add(responder);
        Map<String, InetAddress> onLink = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, InetSocketAddress> l : p.links().entrySet()) {
          // Peers' protection probes across this link arrive here; the reply leaves from this address.
          ProbeResponder r = bind("sources.probes.links." + l.getKey(), l.getValue(),
              () -> ProbeResponder.answeringAll(l.getValue()));
          open.add(r);
          onLink.put(l.getKey(), l.getValue().getAddress());
        }
        if (p.tcpListen() != null) {
          tcpResponder = bind("sources.probes.tcp-listen", p.tcpListen(), () -> new TcpProbeResponder(p.tcpListen()));
          open.add(tcpResponder);
        }
        if (!p.peers().isEmpty()) {
          // Probes leave from their own ephemeral port: replies to them never mix with the
          // peers' probes this site's responder is answering.
          InetSocketAddress from = new InetSocketAddress(p.listen().getAddress(), 0);
          probes = new ProbeSource(site, p.peers(), p.config(), from);
          open.add(probes);
          sources.add(probes);
          // Idle until the centre asks for protection probes across a rerouted link.
          protection = new ProtectionProbes(site, p.peers(), from, onLink, p.config().interval(),
              p.config().timeout());
          open.add(protection);
          sources.add(protection);
        }
      }
      if (settings.bgp() != null) {
        // polls on its own thread at its own interval, so flaps between two windows are counted
        bgp = new BgpSource(site, settings.bgp(), clock).start();
        open.add(bgp);
        sources.add(bgp);
      }
      if (!settings.links().isEmpty()) {
        links = new LinkSource(site, settings.links(), new Tc(), clock);
        sources.add(links);
      }
      ok = true;
    } finally {
      if (!ok) {
        close();
      }
    }
  }

  private interface Opener<T> {
    T open() throws IOException;
  }

  private static <T> T bind(String field, InetSocketAddress address, Opener<T> opener) throws IOException {
    try {
      return opener.open();
    } catch (java.net.BindException e) {
      throw new ConfigException(field + ": cannot listen on " + address + ": " + e.getMessage(), e);
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /** Every source, in the order the collector reads them each window. */
  public List<Source> sources() {
    return List.copyOf(sources);
  }

  /** The OTLP receiver's port (the configured one, or the one chosen for port 0); -1 when off. */
  public int otlpPort() {
    return otlp == null ? -1 : otlp.port();
  }

  /** Whether this site probes peers (its samples carry the probe family's metric names). */
  public boolean hasProbes() {
    return probes != null;
  }

  /** The protection probes the centre asks for; null when this site probes no peer. */
  public ProtectionProbes protection() {
    return protection;
  }

  /** This site's UDP responder; null when there is no probe mesh. */
  public InetSocketAddress responderAddress() {
    return responder == null ? null : responder.address();
  }

  /** Sextant's own counters of these sources on the edge's {@code /metrics}. */
  public void bind(MeterRegistry r) {
    if (!scrapes.isEmpty()) {
      CollectorMetrics.bind(r, scrapes);
    }
    if (otlp != null) {
      CollectorMetrics.bind(r, otlp);
    }
    if (responder != null) {
      Meters.counter(r, "sextant_probe_responder_answered_total", "Peers' probes this site's responder answered.",
          responder, x -> x.answered());
      Meters.counter(r, "sextant_probe_responder_malformed_total", "Datagrams at the responder that were not probes.",
          responder, x -> x.malformed());
    }
    if (tcpResponder != null) {
      Meters.counter(r, "sextant_probe_tcp_accepted_total", "Peers' TCP connect probes accepted.", tcpResponder,
          x -> x.accepted());
    }
    if (bgp != null) {
      Meters.counter(r, "sextant_bgp_polls_total", "Reads of FRR's BGP state.", bgp, x -> x.polls());
      Meters.counter(r, "sextant_bgp_poll_errors_total", "Reads of FRR's BGP state that failed (vtysh, bgpd, or an "
          + "answer that was not FRR's JSON).", bgp, x -> x.pollErrors());
    }
    if (links != null) {
      Meters.counter(r, "sextant_link_read_errors_total", "Reads of a link's interface (ip, tc) that failed; that "
          + "link is left out of the window.", links, x -> x.errors());
    }
    if (probes != null) {
      Meters.counter(r, "sextant_probe_stray_replies_total", "Probe replies late, duplicated or from an unknown peer.",
          probes, x -> x.strayReplies());
    }
  }

  @Override
  public void close() {
    for (int i = open.size() - 1; i >= 0; i--) {
      AutoCloseable c = open.get(i);
      try {
        c.close();
      } catch (Exception e) {
        log.warn("closing {}: {}", c.getClass().getSimpleName(), e.toString());
      }
    }
    open.clear();
  }
}
