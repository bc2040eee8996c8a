package io.sextant.edge.detect;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The checkpoint record of one series' detector: what it learned, so a restarted edge neither
 * learns its baselines again nor takes a fault present at restart for the normal level.
 *
 * <p>Layout (big-endian): version byte ({@value #VERSION}), kind byte ({@link DetectorKind}
 * ordinal), the metric (unsigned 16-bit length, UTF-8), then the detector's own fields: for the
 * baseline its time of last point, level, spread, points learned and episode (33 bytes); for a
 * scored rule the same episode fields and the scorer's state (novelty: ~0.4 KB, only the visited
 * bins of its table; seasonal: 1.1 KB; auto: its choice and evidence figures, then the chosen
 * detectors' state, or during the warm-up its sketch and both). The metric names the rule the record is restored under;
 * a record whose rule is gone or now selects another detector is not restored (its series starts
 * afresh), a record of another version, of an unknown kind or that does not parse to the last byte is
 * refused as corrupt. A new layout takes a new version number; old records are then dropped, which
 * costs one warm-up, never a wrong baseline.
 */
public final class DetectorStates {
  public static final byte VERSION = 1;

  private DetectorStates() {}

  /** One series' record; one array of exactly its size, the only allocation. */
  static byte[] encode(SeriesDetector d) {
    byte[] metric = d.rule().metric().getBytes(StandardCharsets.UTF_8);
    int body = d instanceof BaselineDetector ? BaselineDetector.STATE_BYTES : ((ScoredDetector) d).stateBytes();
    ByteBuffer out = ByteBuffer.allocate(4 + metric.length + body);
    out.put(VERSION).put((byte) d.rule().detector().ordinal()).putShort((short) metric.length).put(metric);
    if (d instanceof BaselineDetector b) {
      b.save(out);
    } else {
      ((ScoredDetector) d).save(out);
    }
    if (out.hasRemaining()) {
      throw new IllegalStateException("detector state: wrote " + out.position() + " of " + out.capacity() + " bytes");
    }
    return out.array();
  }

  /**
   * The detector a record describes, under the rule its metric has now; null when the metric has no
   * rule any more or its rule selects another detector.
   *
   * @throws IllegalArgumentException the record is corrupt, of another version or of an unknown kind
   */
  static SeriesDetector decode(byte[] record, DetectorRules rules) {
    try {
      ByteBuffer in = ByteBuffer.wrap(record);
      byte version = in.get();
      if (version != VERSION) {
        throw new IllegalArgumentException("version " + version + ", this edge reads version " + VERSION);
      }
      int kind = in.get();
      if (kind < 0 || kind >= DetectorKind.values().length) {
        throw new IllegalArgumentException("unknown detector kind " + kind);
      }
      byte[] metric = new byte[Short.toUnsignedInt(in.getShort())];
      in.get(metric);
      DetectorRule rule = rules.byMetric().get(new String(metric, StandardCharsets.UTF_8));
      if (rule == null || rule.detector().ordinal() != kind) {
        return null;
      }
      SeriesDetector d;
      if (rule.detector() == DetectorKind.BASELINE) {
        BaselineDetector b = new BaselineDetector(rule);
        b.restore(in);
        d = b;
      } else {
        ScoredDetector s = ScoredDetector.of(rule);
        s.restore(in);
        d = s;
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " bytes past the end of the state");
      }
      return d;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated record (" + record.length + " bytes)", e);
    }
  }

  static double finite(double v, String field) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(field + " is " + v);
    }
    return v;
  }

  static double notNaN(double v, String field) {
    if (Double.isNaN(v)) {
      throw new IllegalArgumentException(field + " is NaN");
    }
    return v;
  }
}
