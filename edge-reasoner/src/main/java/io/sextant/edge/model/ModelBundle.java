package io.sextant.edge.model;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model as shipped to an edge: id, version, the input series it needs (metric names), its
 * provenance and the serialised model (opaque here). {@link #canonicalBytes()} is what is signed.
 */
public record ModelBundle(String modelId, long version, List<String> inputs, Provenance provenance, byte[] payload) {
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
      out.writeUTF("sextant-model-bundle/1");
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

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelBundle b && Arrays.equals(canonicalBytes(), b.canonicalBytes());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(canonicalBytes());
  }
}
