package io.sextant.deploy.edge;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition reached by other threads (the uplink's drainer, the bus's workers). */
final class Poll {
  private Poll() {}

  static void until(Duration atMost, String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + atMost + ": " + what);
      }
      Thread.sleep(20);
    }
  }
}
