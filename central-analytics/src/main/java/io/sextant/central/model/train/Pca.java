package io.sextant.central.model.train;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.tribuo.math.la.DenseMatrix;

/** Principal axes of standardised vectors, by Tribuo's eigendecomposition of their covariance. */
final class Pca {
  private Pca() {}

  /**
   * The principal axes, largest variance first, the fewest that explain {@code share} of the total
   * variance (at least one, never all), each scaled by {@code sqrt(sigma2 / lambda)}: lambda its
   * variance, sigma2 the mean variance of the axes left off (probabilistic PCA's noise variance),
   * as {@code ModelPayload.pcaDistance} reads them.
   */
  static double[][] axes(List<double[]> z, double share) {
    int n = z.get(0).length;
    double[][] cov = new double[n][n];
    for (double[] v : z) {
      for (int i = 0; i < n; i++) {
        for (int j = i; j < n; j++) {
          cov[i][j] += v[i] * v[j];
        }
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        cov[i][j] /= Math.max(1, z.size() - 1);
        cov[j][i] = cov[i][j];
      }
    }
    DenseMatrix.EigenDecomposition eig = DenseMatrix.createDenseMatrix(cov).eigenDecomposition()
        .orElseThrow(() -> new IllegalArgumentException("covariance of the training vectors has no eigendecomposition"));
    double[] values = eig.eigenvalues().toArray();
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -values[i]));
    double total = Arrays.stream(values).map(v -> Math.max(v, 0)).sum();
    int keep = 0;
    double explained = 0;
    while (keep < n - 1 && (keep == 0 || explained < share * total)) {
      explained += Math.max(values[order[keep]], 0);
      keep++;
    }
    double sigma2 = Math.max((total - explained) / (n - keep), 1e-9);
    double[][] axes = new double[keep][];
    for (int k = 0; k < keep; k++) {
      double[] a = eig.getEigenVector(order[k]).toArray();
      double norm = Math.sqrt(Arrays.stream(a).map(x -> x * x).sum());
      double lambda = Math.max(values[order[k]], sigma2);
      double scale = Math.sqrt(sigma2 / lambda) / norm;
      for (int i = 0; i < n; i++) {
        a[i] *= scale;
      }
      axes[k] = a;
    }
    return axes;
  }
}
