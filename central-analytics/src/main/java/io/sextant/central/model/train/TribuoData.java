package io.sextant.central.model.train;

import io.sextant.common.bundle.ModelPayload;
import java.util.List;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** Standardised vectors as Tribuo examples and datasets (features f00..fnn, see ModelPayload). */
final class TribuoData {
  /**
   * Tribuo logs every k-means iteration and SVM step at INFO through java.util.logging; held here
   * so the level set below is not lost when the logger is garbage collected.
   */
  private static final java.util.logging.Logger TRIBUO = java.util.logging.Logger.getLogger("org.tribuo");

  static {
    TRIBUO.setLevel(java.util.logging.Level.WARNING);
    // LIBSVM prints its optimiser's progress to standard output; the CLI's progress bar says enough.
    libsvm.svm.svm_set_print_string_function(s -> { });
  }

  private TribuoData() {}

  static String[] names(int n) {
    String[] names = new String[n];
    for (int i = 0; i < n; i++) {
      names[i] = ModelPayload.featureName(i);
    }
    return names;
  }

  static <T extends Output<T>> ArrayExample<T> example(T output, String[] names, double[] z) {
    return new ArrayExample<>(output, names, z);
  }

  static <T extends Output<T>> MutableDataset<T> dataset(String what, OutputFactory<T> factory, List<T> outputs,
      List<double[]> z) {
    MutableDataset<T> data = new MutableDataset<>(new SimpleDataSourceProvenance(what, factory), factory);
    String[] names = names(z.get(0).length);
    for (int i = 0; i < z.size(); i++) {
      data.add(example(outputs.get(i), names, z.get(i)));
    }
    return data;
  }
}
