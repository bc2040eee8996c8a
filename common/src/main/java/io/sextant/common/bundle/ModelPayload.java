package io.sextant.common.bundle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a {@link ModelBundle}'s payload holds for a multivariate anomaly model: how to turn a
 * resource's KPI vector (the bundle's inputs, in order) into standardised features, and how to
 * score them. Shared by the centre (which evaluates exactly what it ships) and the edge (which
 * scores with it), so both compute the same score.
 *
 * <ul>
 *   <li>{@link Kind#KMEANS_DISTANCE}: score = distance from the standardised vector to the nearest
 *       centroid; the vector is anomalous above {@code threshold}. Needs no ML library at the edge.
 *   <li>{@link Kind#ONE_CLASS_SVM}: {@code tribuoModel} is a Tribuo anomaly model (protobuf bytes)
 *       over the standardised features named {@code f00..fnn}; the edge loads it with Tribuo.
 *   <li>{@link Kind#PCA_DISTANCE}: {@code centroids} holds the principal axes of the normal
 *       standardised vectors, each scaled by {@code sqrt(sigma2 / lambda)} (its variance lambda, the
 *       mean variance left off sigma2); score = {@code sqrt(sum over axes of (position * |row|)^2 +
 *       |reconstruction error|^2)}, which is sigma times probabilistic PCA's Mahalanobis distance: a
 *       vector whose metrics stop moving together (the error), or that goes far along an axis,
 *       scores high. Anomalous above {@code threshold}. Needs no ML library at the edge.
 *   <li>{@link Kind#ROOT_CAUSE_CLASSIFIER}: a Tribuo classifier over the same features (centre only).
 * </ul>
 */
public record ModelPayload(Kind kind, double[] means, double[] scales, double threshold, double[][] centroids,
    byte[] tribuoModel) {
  public static final String FORMAT = "sextant-model-payload/1";
  /** Scales below this are raised to it: a constant feature must not divide by zero. */
  public static final double MIN_SCALE = 1e-6;

  public enum Kind {
    KMEANS_DISTANCE,
    ONE_CLASS_SVM,
    /** A Tribuo classifier (protobuf bytes) naming the likely fault kind of an anomalous vector. */
    ROOT_CAUSE_CLASSIFIER,
    /** Scaled principal axes (in {@code centroids}) and a threshold on probabilistic PCA's distance. */
    PCA_DISTANCE;

    /** Kinds scored by {@link ModelPayload#distanceScore} alone, without Tribuo. */
    public boolean plain() {
      return this == KMEANS_DISTANCE || this == PCA_DISTANCE;
    }
  }

  public ModelPayload {
    Objects.requireNonNull(kind, "kind");
    if (means == null || scales == null || means.length == 0 || means.length != scales.length) {
      throw new IllegalArgumentException("payload: means and scales must be non-empty and of equal length");
    }
    means = means.clone();
    scales = scales.clone();
    for (int i = 0; i < scales.length; i++) {
      if (!(scales[i] > 0) || !Double.isFinite(means[i])) {
        throw new IllegalArgumentException("payload: feature " + i + " has mean " + means[i] + ", scale " + scales[i]);
      }
    }
    centroids = centroids == null ? new double[0][] : deepCopy(centroids);
    for (double[] c : centroids) {
      if (c.length != means.length) {
        throw new IllegalArgumentException("payload: centroid of " + c.length + " features, model has " + means.length);
      }
    }
    tribuoModel = tribuoModel == null ? new byte[0] : tribuoModel.clone();
    if (kind.plain() && (centroids.length == 0 || !(threshold > 0))) {
      throw new IllegalArgumentException("payload: " + kind + " needs centroids (or axes) and a positive threshold");
    }
    if (!kind.plain() && tribuoModel.length == 0) {
      throw new IllegalArgumentException("payload: " + kind + " needs the Tribuo model bytes");
    }
  }

  public int features() {
    return means.length;
  }

  /** The Tribuo feature name of input {@code i}: zero-padded so that name order is input order. */
  public static String featureName(int i) {
    return String.format(java.util.Locale.ROOT, "f%02d", i);
  }

  /** (x - mean) / scale per feature; the input is not changed. */
  public double[] standardize(double[] raw) {
    if (raw.length != means.length) {
      throw new IllegalArgumentException("vector of " + raw.length + " values, model takes " + means.length);
    }
    double[] z = new double[raw.length];
    for (int i = 0; i < raw.length; i++) {
      z[i] = (raw[i] - means[i]) / scales[i];
    }
    return z;
  }

  /** Euclidean distance from standardised {@code z} to the nearest centroid. */
  public double nearestDistance(double[] z) {
    double best = Double.POSITIVE_INFINITY;
    for (double[] c : centroids) {
      double d = 0;
      for (int i = 0; i < z.length; i++) {
        double e = z[i] - c[i];
        d += e * e;
      }
      best = Math.min(best, d);
    }
    return Math.sqrt(best);
  }

  /**
   * Probabilistic PCA's distance (times sigma) of standardised {@code z}: rows are the principal
   * axes scaled by {@code sqrt(sigma2 / lambda)}; the position along each unit axis counts scaled by
   * the row's length, what no axis explains counts fully.
   */
  public double pcaDistance(double[] z) {
    double[] r = z.clone();
    double along = 0;
    for (double[] row : centroids) {
      double norm2 = 0;
      double dot = 0;
      for (int i = 0; i < z.length; i++) {
        norm2 += row[i] * row[i];
        dot += z[i] * row[i];
      }
      double position = dot / Math.sqrt(norm2);
      along += position * position * norm2;
      for (int i = 0; i < z.length; i++) {
        r[i] -= dot / norm2 * row[i];
      }
    }
    double error = 0;
    for (double v : r) {
      error += v * v;
    }
    return Math.sqrt(along + error);
  }

  /**
   * The score of a raw vector for the kinds that need no ML library ({@link Kind#plain()}):
   * anomalous above 1. The centre evaluates and the edge scores with this one method.
   */
  public double distanceScore(double[] raw) {
    double[] z = standardize(raw);
    return switch (kind) {
      case KMEANS_DISTANCE -> nearestDistance(z) / threshold;
      case PCA_DISTANCE -> pcaDistance(z) / threshold;
      default -> throw new IllegalStateException(kind + " is scored by its Tribuo model");
    };
  }

  @Override
  public double[] means() {
    return means.clone();
  }

  @Override
  public double[] scales() {
    return scales.clone();
  }

  @Override
  public double[][] centroids() {
    return deepCopy(centroids);
  }

  @Override
  public byte[] tribuoModel() {
    return tribuoModel.clone();
  }

  public byte[] encode() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeUTF(FORMAT);
      out.writeUTF(kind.name());
      out.writeInt(means.length);
      for (int i = 0; i < means.length; i++) {
        out.writeDouble(means[i]);
        out.writeDouble(scales[i]);
      }
      out.writeDouble(threshold);
      out.writeInt(centroids.length);
      for (double[] c : centroids) {
        for (double v : c) {
          out.writeDouble(v);
        }
      }
      out.writeInt(tribuoModel.length);
      out.write(tribuoModel);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Throws {@link IllegalArgumentException} naming the problem for bytes that are not a payload. */
  public static ModelPayload decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      String format = in.readUTF();
      if (!FORMAT.equals(format)) {
        throw new IllegalArgumentException("payload: unknown format '" + format + "', expected " + FORMAT);
      }
      Kind kind = Kind.valueOf(in.readUTF());
      int n = bounded(in.readInt(), "features");
      double[] means = new double[n];
      double[] scales = new double[n];
      for (int i = 0; i < n; i++) {
        means[i] = in.readDouble();
        scales[i] = in.readDouble();
      }
      double threshold = in.readDouble();
      double[][] centroids = new double[bounded(in.readInt(), "centroids")][n];
      for (double[] c : centroids) {
        for (int i = 0; i < n; i++) {
          c[i] = in.readDouble();
        }
      }
      byte[] model = new byte[bounded(in.readInt(), "model bytes")];
      in.readFully(model);
      return new ModelPayload(kind, means, scales, threshold, centroids, model);
    } catch (IOException e) {
      throw new IllegalArgumentException("payload: truncated or unreadable (" + e + ")", e);
    }
  }

  private static int bounded(int n, String what) {
    if (n < 0 || n > ModelBundle.MAX_COUNT) {
      throw new IllegalArgumentException("payload: " + what + " count " + n + " out of range");
    }
    return n;
  }

  private static double[][] deepCopy(double[][] a) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelPayload p && Arrays.equals(encode(), p.encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return "ModelPayload[" + kind + ", " + means.length + " features, threshold " + threshold + ", "
        + centroids.length + " centroids, " + tribuoModel.length + " model bytes]";
  }
}
