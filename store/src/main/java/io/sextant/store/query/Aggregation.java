package io.sextant.store.query;

/**
 * How the points of a step are combined. Each has its SQL on raw samples and on rollup rows
 * (count, sum, min, max per bucket), which give the same number: an average over rollups is the
 * sum of sums over the sum of counts, not an average of averages.
 */
public enum Aggregation {
  AVG("avg(value)", "sum(sum) / sum(count)"),
  MIN("min(value)", "min(min)"),
  MAX("max(value)", "max(max)"),
  SUM("sum(value)", "sum(sum)"),
  COUNT("count(*)::float8", "sum(count)::float8");

  final String raw;
  final String rollup;

  Aggregation(String raw, String rollup) {
    this.raw = raw;
    this.rollup = rollup;
  }

  String sql(Source source) {
    return source == Source.RAW ? raw : rollup;
  }
}
