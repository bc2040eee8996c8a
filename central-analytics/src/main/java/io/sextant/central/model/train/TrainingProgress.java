package io.sextant.central.model.train;

/** Told how far training is; the CLI draws a bar from it. Called on the training thread. */
@FunctionalInterface
public interface TrainingProgress {
  TrainingProgress NONE = (stage, done, total) -> { };

  /** {@code done} of {@code total} steps of the whole run are finished; {@code stage} says which is running. */
  void step(String stage, int done, int total);
}
