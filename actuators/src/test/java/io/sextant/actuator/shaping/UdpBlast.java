package io.sextant.actuator.shaping;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;

/**
 * The traffic a shaped link is saturated with: UDP datagrams to {@code host:port} as fast as the
 * socket takes them, for {@code seconds}. Run in a namespace with {@code ip netns exec ... java}
 * (this JVM cannot enter one). Unconnected, so the far side's port-unreachable answers are ignored.
 */
public final class UdpBlast {
  private UdpBlast() {}

  public static void main(String[] args) throws Exception {
    InetSocketAddress to = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
    long end = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L;
    byte[] payload = new byte[1400];
    try (DatagramSocket s = new DatagramSocket()) {
      DatagramPacket p = new DatagramPacket(payload, payload.length, to);
      while (System.nanoTime() < end) {
        try {
          s.send(p);
        } catch (java.io.IOException e) {
          // ENOBUFS while the shaper's queue is full: the link is saturated, go on
        }
      }
    }
  }
}
