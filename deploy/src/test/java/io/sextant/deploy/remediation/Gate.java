package io.sextant.deploy.remediation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The way from an edge to the broker, which the test opens when it wants the edge reconnected: a
 * loopback port that refuses connections while shut, and forwards each to the broker once open.
 * The Pulsar client looks the broker up through it and then talks to the address the broker
 * advertises, so opening it is enough for the edge to reconnect.
 */
final class Gate implements AutoCloseable {
  private final int port;
  private final InetSocketAddress broker;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile ServerSocket server;

  Gate(InetSocketAddress broker) throws IOException {
    this.broker = broker;
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      this.port = probe.getLocalPort(); // free now; shut until open() binds it
    }
  }

  String serviceUrl() {
    return "pulsar://127.0.0.1:" + port;
  }

  void open() throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
    server = s;
    Thread accept = new Thread(() -> {
      while (!s.isClosed()) {
        try {
          Socket in = s.accept();
          Socket out = new Socket(broker.getAddress(), broker.getPort());
          sockets.add(in);
          sockets.add(out);
          pipe(in, out);
          pipe(out, in);
        } catch (IOException e) {
          return;
        }
      }
    }, "gate-accept");
    accept.setDaemon(true);
    accept.start();
  }

  private static void pipe(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16384];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException ignored) {
        // either side closed
      } finally {
        try {
          to.close();
        } catch (IOException ignored) {
          // closing
        }
      }
    }, "gate-pipe");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    if (server != null) {
      server.close();
    }
    for (Socket s : sockets) {
      s.close();
    }
  }
}
