package io.sextant.collector.source.probe;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Echoes probe datagrams back to their sender, on its own daemon thread. Datagrams that are not
 * probes are counted and ignored. {@code drop} decides per sequence number whether to stay silent:
 * {@code seq -> false} in production; tests use it to lose a known share of probes.
 */
public final class ProbeResponder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProbeResponder.class);

  private final DatagramSocket socket;
  private final IntPredicate drop;
  private final Thread thread;
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();

  public ProbeResponder(InetSocketAddress bind, IntPredicate drop) throws SocketException {
    this.socket = new DatagramSocket(bind);
    this.drop = drop;
    this.thread = new Thread(this::run, "probe-responder-" + socket.getLocalPort());
    thread.setDaemon(true);
    thread.start();
  }

  public static ProbeResponder answeringAll(InetSocketAddress bind) throws SocketException {
    return new ProbeResponder(bind, seq -> false);
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  private void run() {
    byte[] buf = new byte[64];
    DatagramPacket in = new DatagramPacket(buf, buf.length);
    while (!socket.isClosed()) {
      try {
        in.setLength(buf.length);
        socket.receive(in);
        ProbePacket p = ProbePacket.decode(in.getData(), in.getOffset(), in.getLength());
        if (p == null) {
          malformed.incrementAndGet();
          continue;
        }
        if (drop.test(p.seq())) {
          dropped.incrementAndGet();
          continue;
        }
        socket.send(new DatagramPacket(in.getData(), in.getOffset(), in.getLength(), in.getSocketAddress()));
        answered.incrementAndGet();
      } catch (IOException e) {
        if (!socket.isClosed()) {
          log.warn("probe responder on {}: {}", socket.getLocalPort(), e.toString());
        }
      }
    }
  }

  public long answered() {
    return answered.get();
  }

  public long dropped() {
    return dropped.get();
  }

  public long malformed() {
    return malformed.get();
  }

  @Override
  public void close() throws InterruptedException {
    socket.close();
    thread.join(2000);
  }
}
