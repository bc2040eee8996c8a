package io.sextant.testkit.netns;

import io.sextant.common.netns.Netns;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Traffic for a shaped link: UDP datagrams of 1400 bytes to {@code host:port} for {@code seconds},
 * paced to {@code mbps} (0: as fast as the socket takes them). Runs in a namespace as its own JVM
 * ({@link #start}), since a JVM cannot enter one. Unconnected, so the far side's port-unreachable
 * answers are ignored.
 */
public final class UdpBlast {
  private static final int SIZE = 1400;

  private UdpBlast() {}

  /** Starts it inside {@code ns}: this JVM's java and class path under {@code ip netns exec}. */
  public static Process start(Netns ns, String host, int port, long mbps, int seconds) throws java.io.IOException {
    return new ProcessBuilder(ns.wrap(List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp",
        System.getProperty("java.class.path"), UdpBlast.class.getName(), host, Integer.toString(port),
        Long.toString(mbps), Integer.toString(seconds)))).inheritIO().start();
  }

  public static void main(String[] args) throws Exception {
    InetSocketAddress to = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
    double bytesPerNano = Long.parseLong(args[2]) * 1e6 / 8 / 1e9;
    long start = System.nanoTime();
    long end = start + Long.parseLong(args[3]) * 1_000_000_000L;
    long sent = 0;
    try (DatagramSocket s = new DatagramSocket()) {
      DatagramPacket p = new DatagramPacket(new byte[SIZE], SIZE, to);
      for (long now = start; now < end; now = System.nanoTime()) {
        if (bytesPerNano > 0 && sent > (now - start) * bytesPerNano) {
          Thread.sleep(1); // ahead of the pace
          continue;
        }
        try {
          s.send(p);
          sent += SIZE;
        } catch (java.io.IOException e) {
          // ENOBUFS while the shaper's queue is full: the link is saturated, go on
        }
      }
    }
  }
}
