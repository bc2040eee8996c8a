package io.sextant.collector.source.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP half of a site's responder: accepts a connection and closes it, so peers can time a
 * handshake ({@code probe_tcp_connect_ms}) to this site without depending on any application
 * port being up. Nothing is read or written. One daemon thread.
 */
public final class TcpProbeResponder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TcpProbeResponder.class);

  private final ServerSocket server;
  private final Thread thread;
  private final AtomicLong accepted = new AtomicLong();

  public TcpProbeResponder(InetSocketAddress bind) throws IOException {
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(bind, 128);
    this.thread = new Thread(this::run, "tcp-probe-responder-" + server.getLocalPort());
    thread.setDaemon(true);
    thread.start();
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  private void run() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        accepted.incrementAndGet();
      } catch (IOException e) {
        if (!server.isClosed()) {
          log.warn("tcp probe responder on {}: {}", server.getLocalPort(), e.toString());
        }
      }
    }
  }

  public long accepted() {
    return accepted.get();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    server.close();
    thread.join(2000);
  }
}
