/**
 * Evaluation of the centre's multivariate anomaly model family on labelled multivariate data in
 * the Server Machine Dataset's layout ({@code sextant eval --multivariate DIR}): the readers
 * (Tablesaw), the point-wise and point-adjusted figures, the peaks-over-threshold choice of a
 * threshold on train data, and the run over a directory of entities.
 *
 * <p>It trains with {@code model.train.AnomalyTrainer}, the same code that trains the models
 * released to edges, and never looks at test labels before the threshold is fixed. It does not
 * train on the store's history or release anything: that is {@code model.ModelService}.
 */
package io.sextant.central.model.eval;
