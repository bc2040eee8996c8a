/**
 * Detection quality measured the way the Numenta Anomaly Benchmark (NAB v1.1) measures it, in plain
 * Java: labelled series in the NAB layout ({@link io.sextant.edge.eval.NabCorpus}), the three
 * application profiles ({@link io.sextant.edge.eval.NabProfile}), NAB's sweep scoring with one
 * threshold per profile optimised over the whole corpus and normalisation against the null and
 * perfect detectors ({@link io.sextant.edge.eval.NabScorer}), and precision / recall / F1 counted by
 * window ({@link io.sextant.edge.eval.WindowMetrics}); beside them the AIOps literature's best F1
 * point-wise and point-adjusted ({@link io.sextant.edge.eval.BestF1}), corpora with a label per point
 * ({@link io.sextant.edge.eval.LabelCsvCorpus}) and seeded periodic business KPIs to measure on
 * ({@link io.sextant.edge.eval.KpiGenerator}).
 *
 * <p>The scoring follows NAB's {@code nab/sweeper.py}, {@code optimizer.py} and
 * {@code runner.normalize()} line by line (see each class); the figures are comparable with the
 * published scoreboard. {@link io.sextant.edge.eval.NabEvaluation} runs a streaming detector over a
 * corpus; {@link io.sextant.edge.eval.ScoreFiles} and {@link io.sextant.edge.eval.SeriesPlot} write the
 * per-series outputs of {@code sextant eval}. Not here: the detectors themselves (package
 * {@code detect}) and the command line.
 */
package io.sextant.edge.eval;
