package io.sextant.common.bundle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model as shipped to an edge: id, version, the input series it needs (metric names), its
 * provenance and the serialised model (opaque here). {@link #canonicalBytes()} is what is signed.
 */
public record ModelBundle(String modelId, long version, List<String> inputs, Provenance provenance, byte[] payload) {
  public static final String FORMAT = "sextant-model-bundle/1";
  /** Upper bound on any count or length read back, so a corrupt length cannot allocate gigabytes. */
  static final int MAX_COUNT = 64 * 1024 * 1024;

  public ModelBundle {
    if (modelId == null || modelId.isBlank()) {
      throw new IllegalArgumentException("bundle: modelId must not be blank");
    }
    if (version < 1) {
      throw new IllegalArgumentException("bundle " + modelId + ": version must be >= 1, got " + version);
    }
    if (inputs == null || inputs.isEmpty()) {
      throw new IllegalArgumentException("bundle " + modelId + ": must declare at least one input");
    }
    inputs = List.copyOf(inputs);
    Objects.requireNonNull(provenance, "provenance");
    payload = payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /**
   * A deterministic encoding of every field (length-prefixed UTF-8, big-endian numbers, sorted
   * maps): two equal bundles give the same bytes, and any change to any field changes them.
   */
  public byte[] canonicalBytes() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeUTF(FORMAT);
      out.writeUTF(modelId);
      out.writeLong(version);
      out.writeInt(inputs.size());
      for (String i : inputs) {
        out.writeUTF(i);
      }
      out.writeLong(provenance.trainedFrom().getEpochSecond());
      out.writeInt(provenance.trainedFrom().getNano());
      out.writeLong(provenance.trainedTo().getEpochSecond());
      out.writeInt(provenance.trainedTo().getNano());
      out.writeUTF(provenance.trainer());
      out.writeInt(provenance.settings().size());
      for (Map.Entry<String, String> e : provenance.settings().entrySet()) {
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue());
      }
      out.writeLong(provenance.seed());
      out.writeInt(provenance.metrics().size());
      for (Map.Entry<String, Double> e : provenance.metrics().entrySet()) {
        out.writeUTF(e.getKey());
        out.writeDouble(e.getValue());
      }
      out.writeInt(payload.length);
      out.write(payload);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads {@link #canonicalBytes()} back: the wire form of a bundle is its signed form, so what
   * the edge verifies is exactly what it loads. Throws {@link IllegalArgumentException} naming
   * what is wrong for bytes that are not a complete bundle of this format.
   */
  public static ModelBundle parse(byte[] canonical) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(canonical))) {
      String format = in.readUTF();
      if (!FORMAT.equals(format)) {
        throw new IllegalArgumentException("bundle: unknown format '" + format + "', expected " + FORMAT);
      }
      String modelId = in.readUTF();
      long version = in.readLong();
      List<String> inputs = new ArrayList<>();
      for (int i = count(in.readInt(), "inputs"); i > 0; i--) {
        inputs.add(in.readUTF());
      }
      Instant from = Instant.ofEpochSecond(in.readLong(), in.readInt());
      Instant to = Instant.ofEpochSecond(in.readLong(), in.readInt());
      String trainer = in.readUTF();
      Map<String, String> settings = new LinkedHashMap<>();
      for (int i = count(in.readInt(), "settings"); i > 0; i--) {
        settings.put(in.readUTF(), in.readUTF());
      }
      long seed = in.readLong();
      Map<String, Double> metrics = new LinkedHashMap<>();
      for (int i = count(in.readInt(), "metrics"); i > 0; i--) {
        metrics.put(in.readUTF(), in.readDouble());
      }
      byte[] payload = new byte[count(in.readInt(), "payload bytes")];
      in.readFully(payload);
      if (in.available() > 0) {
        throw new IllegalArgumentException("bundle " + modelId + ": " + in.available() + " trailing bytes");
      }
      return new ModelBundle(modelId, version, inputs, new Provenance(from, to, trainer, settings, seed, metrics),
          payload);
    } catch (IOException e) {
      throw new IllegalArgumentException("bundle: truncated or unreadable (" + e + ")", e);
    } catch (java.time.DateTimeException e) {
      // A corrupt training window; callers handle IllegalArgumentException only, so never let this escape.
      throw new IllegalArgumentException("bundle: training window out of range (" + e.getMessage() + ")", e);
    }
  }

  private static int count(int n, String what) {
    if (n < 0 || n > MAX_COUNT) {
      throw new IllegalArgumentException("bundle: " + what + " count " + n + " out of range 0.." + MAX_COUNT);
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelBundle b && Arrays.equals(canonicalBytes(), b.canonicalBytes());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(canonicalBytes());
  }
}
