package io.sextant.deploy.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/** Runs a node until it stops or the JVM is asked to stop (SIGTERM, Ctrl-C), then closes it before exiting. */
final class NodeRunner {
  interface Loop {
    void run(PrintStream out) throws InterruptedException;
  }

  private NodeRunner() {}

  static int run(Loop loop, Runnable stop, Runnable close, String hookName) throws InterruptedException {
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.run();
      try {
        closed.await(); // the JVM exits only once the node has closed (outbox, subscriptions, store)
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, hookName));
    try {
      loop.run(System.out);
    } finally {
      close.run();
      closed.countDown();
    }
    return 0;
  }
}
