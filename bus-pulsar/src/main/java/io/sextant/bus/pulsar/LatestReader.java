package io.sextant.bus.pulsar;

import io.sextant.common.bus.Bus.Handler;
import io.sextant.common.bus.Delivery;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Reader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a compacted topic to a handler on one thread, through a reader that starts at the
 * earliest message of the compacted view: the latest message of each key up to the last
 * compaction, then everything published after it. A reader keeps no cursor on the broker, so a
 * restarted process reads the current state again; there is nothing to acknowledge. A handler
 * that throws gets the same message again after a doubling delay (up to {@code maxRetryDelay}),
 * and nothing behind it is read meanwhile, so order holds trivially: a compacted topic carries a
 * handful of small messages (site policies, model releases), where waiting is cheaper than
 * dead-lettering a site's configuration.
 */
final class LatestReader implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(LatestReader.class);
  private static final int POLL_MILLIS = 50;

  private final String topic;
  private final Reader<byte[]> reader;
  private final Handler handler;
  private final Duration firstRetryDelay;
  private final Duration maxRetryDelay;
  private final Thread thread;
  private volatile boolean running = true;

  LatestReader(String topic, String subscription, Reader<byte[]> reader, Handler handler, Duration firstRetryDelay,
      Duration maxRetryDelay) {
    this.topic = topic;
    this.reader = reader;
    this.handler = handler;
    this.firstRetryDelay = firstRetryDelay;
    this.maxRetryDelay = maxRetryDelay;
    this.thread = new Thread(this, "pulsar-bus-latest-" + topic + "/" + subscription);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  @Override
  public void run() {
    while (running) {
      Message<byte[]> m;
      try {
        m = reader.readNext(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (PulsarClientException e) {
        if (running) {
          log.warn("{}: read failed, retrying: {}", thread.getName(), e.toString());
          sleep(POLL_MILLIS);
        }
        continue;
      }
      if (m != null) {
        deliver(new Delivery(topic, m.hasKey() ? m.getKey() : "", m.getValue(), 1, m.getProperties()));
      }
    }
  }

  private void deliver(Delivery first) {
    Delivery d = first;
    long delay = firstRetryDelay.toMillis();
    while (running) {
      try {
        handler.handle(d);
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Exception | Error e) {
        if (!running) {
          return;
        }
        log.warn("{}: handler failed on attempt {} (key {}), will retry: {}", thread.getName(), d.attempt(), d.key(),
            e.toString());
        sleep(delay);
        delay = Math.min(delay * 2, maxRetryDelay.toMillis());
        d = d.nextAttempt();
      }
    }
  }

  private void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    reader.closeAsync();
  }
}
