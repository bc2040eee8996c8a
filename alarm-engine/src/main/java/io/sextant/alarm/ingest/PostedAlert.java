package io.sextant.alarm.ingest;

/**
 * One element of a posted alert array as decoded, before validation. A field whose JSON had the
 * wrong shape keeps its first error in {@code errors} instead of a value, so the checks can run
 * in a fixed order whatever order the fields came in.
 *
 * @param labels with what is derived from them; {@link LabelSet#EMPTY} when absent, null or bad
 * @param annotations likewise
 * @param startsAt raw text, {@code ""} when absent or null
 */
record PostedAlert(int index, LabelSet labels, AnnotationSet annotations, String startsAt, String endsAt,
    String generatorURL, Errors errors) {

  /** First error per field, in the order they are checked. */
  static final class Errors {
    BadAlert object;
    BadAlert labels;
    BadAlert annotations;
    BadAlert startsAt;
    BadAlert endsAt;
    BadAlert generatorURL;

    boolean any() {
      return object != null || labels != null || annotations != null || startsAt != null || endsAt != null
          || generatorURL != null;
    }
  }
}
