package io.sextant.collector.source.probe;

import java.nio.ByteBuffer;

/**
 * The probe datagram: magic "SXP1", the prober's round id and the sequence number. The responder
 * echoes it unchanged; the prober keeps the send times itself, so a responder cannot fake an RTT.
 */
record ProbePacket(long round, int seq) {
  static final int MAGIC = 0x53585031; // "SXP1"
  static final int SIZE = 16;

  byte[] encode() {
    return ByteBuffer.allocate(SIZE).putInt(MAGIC).putLong(round).putInt(seq).array();
  }

  /** The packet, or null when the datagram is not a probe (wrong size or magic). */
  static ProbePacket decode(byte[] data, int offset, int length) {
    if (length != SIZE) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(data, offset, length);
    if (b.getInt() != MAGIC) {
      return null;
    }
    return new ProbePacket(b.getLong(), b.getInt());
  }
}
