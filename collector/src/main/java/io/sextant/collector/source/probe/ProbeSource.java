package io.sextant.collector.source.probe;

import io.sextant.collector.source.Source;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.topology.Path;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Probes every peer once per window (see {@link ProbeConfig}) and reports per peer, on the path
 * {@code path:<site>><peer>}: {@code probe_loss_ratio} with {@code probe_sent} (the probes behind
 * the ratio), {@code probe_rtt_ms} and
 * {@code probe_jitter_ms} from UDP, {@code probe_tcp_up} and {@code probe_tcp_connect_ms} from a
 * TCP connect. {@link #collect} blocks for about {@code probes × interval + timeout}.
 *
 * <p>RTTs are measured with {@link System#nanoTime()}, not the injected clock: they are durations
 * on this host, and a simulated clock has nothing to say about them. One round at a time.
 */
public final class ProbeSource implements Source, AutoCloseable {
  private final String site;
  private final List<Peer> peers;
  private final ProbeConfig config;
  private final DatagramChannel channel;
  private final Selector selector;
  private final AtomicLong rounds = new AtomicLong();
  private final AtomicLong strayReplies = new AtomicLong();
  private volatile List<PeerStats> last = List.of();

  public ProbeSource(String site, List<Peer> peers, ProbeConfig config, InetSocketAddress bind) throws IOException {
    this.site = site;
    this.peers = List.copyOf(peers);
    this.config = config;
    this.channel = DatagramChannel.open().bind(bind);
    channel.configureBlocking(false);
    this.selector = Selector.open();
    channel.register(selector, SelectionKey.OP_READ);
  }

  @Override
  public String name() {
    return "probe";
  }

  @Override
  public synchronized List<Sample> collect(Instant windowEnd) throws IOException, InterruptedException {
    List<PeerStats> stats = udpRound();
    last = stats;
    List<Sample> out = new ArrayList<>();
    for (int p = 0; p < peers.size(); p++) {
      Peer peer = peers.get(p);
      PeerStats s = stats.get(p);
      Map<String, String> labels = Labels.of(Sample.RESOURCE, "path:" + Path.idOf(site, peer.site()),
          "src", site, "dst", peer.site());
      out.add(new Sample(site, "probe_loss_ratio", labels, windowEnd, s.loss()));
      // The ratio's binomial noise depends on how many probes it counts; the centre reads this.
      out.add(new Sample(site, "probe_sent", labels, windowEnd, s.sent()));
      if (s.received() > 0) {
        out.add(new Sample(site, "probe_rtt_ms", labels, windowEnd, s.rttMs()));
      }
      if (!Double.isNaN(s.jitterMs())) {
        out.add(new Sample(site, "probe_jitter_ms", labels, windowEnd, s.jitterMs()));
      }
      if (peer.tcp() != null) {
        double ms = tcpConnectMs(peer.tcp());
        out.add(new Sample(site, "probe_tcp_up", labels, windowEnd, Double.isNaN(ms) ? 0 : 1));
        if (!Double.isNaN(ms)) {
          out.add(new Sample(site, "probe_tcp_connect_ms", labels, windowEnd, ms));
        }
      }
    }
    return out;
  }

  private List<PeerStats> udpRound() throws IOException {
    long round = rounds.incrementAndGet();
    int n = config.probes();
    long[][] sentAt = new long[peers.size()][n];
    long[][] rtt = new long[peers.size()][];
    Map<SocketAddress, Integer> index = new HashMap<>();
    for (int p = 0; p < peers.size(); p++) {
      rtt[p] = PeerStats.lostAll(n);
      index.put(peers.get(p).udp(), p);
    }
    int[] pending = {peers.size() * n};
    for (int seq = 0; seq < n; seq++) {
      byte[] packet = new ProbePacket(round, seq).encode();
      for (int p = 0; p < peers.size(); p++) {
        sentAt[p][seq] = System.nanoTime();
        channel.send(ByteBuffer.wrap(packet), peers.get(p).udp());
      }
      receiveUntil(System.nanoTime() + config.interval().toNanos(), round, index, sentAt, rtt, pending, false);
    }
    receiveUntil(System.nanoTime() + config.timeout().toNanos(), round, index, sentAt, rtt, pending, true);
    List<PeerStats> stats = new ArrayList<>();
    for (int p = 0; p < peers.size(); p++) {
      stats.add(PeerStats.of(peers.get(p).site(), rtt[p]));
    }
    return stats;
  }

  private void receiveUntil(long deadline, long round, Map<SocketAddress, Integer> index, long[][] sentAt,
      long[][] rtt, int[] pending, boolean stopWhenAllBack) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(64);
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || (stopWhenAllBack && pending[0] == 0)) {
        return;
      }
      selector.select(Math.max(1, left / 1_000_000));
      selector.selectedKeys().clear();
      SocketAddress from;
      while ((from = channel.receive(buf.clear())) != null) {
        long now = System.nanoTime();
        buf.flip();
        ProbePacket p = ProbePacket.decode(buf.array(), 0, buf.limit());
        Integer peer = index.get(from);
        // Replies of an earlier round (late), from elsewhere, or duplicated are not counted.
        if (p == null || peer == null || p.round() != round || p.seq() < 0 || p.seq() >= rtt[peer].length
            || rtt[peer][p.seq()] >= 0) {
          strayReplies.incrementAndGet();
          continue;
        }
        rtt[peer][p.seq()] = now - sentAt[peer][p.seq()];
        pending[0]--;
      }
    }
  }

  private double tcpConnectMs(InetSocketAddress address) {
    long start = System.nanoTime();
    try (Socket s = new Socket()) {
      s.connect(address, (int) config.timeout().toMillis());
      return (System.nanoTime() - start) / 1e6;
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  /** The per-peer results of the latest round. */
  public List<PeerStats> lastRound() {
    return last;
  }

  public long strayReplies() {
    return strayReplies.get();
  }

  @Override
  public void close() throws IOException {
    selector.close();
    channel.close();
  }
}
