package io.sextant.collector.outbox;

import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.Message;
import io.sextant.common.model.SampleBatch;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends outbox entries to their topic on the bus, with the bus keys the rest of Sextant uses
 * (site for sample batches, resource for detections, alarm key, action id), and waits for the
 * bus to acknowledge: a send that is not acknowledged within {@code timeout} throws, so the
 * entry stays in the outbox. A refused or unacknowledged publish is reported as
 * {@link SendUnavailableException}: the bus (or the link to it) is down, so the drain stops for
 * this round rather than waiting for a timeout on every other key.
 */
public final class BusSender implements Sender, RawSender {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final String SAMPLES_PREFIX = "smp/";
  private static final String ACTION_PREFIX = "act/";

  private final MessageBus bus;
  private final Duration timeout;

  public BusSender(MessageBus bus, Duration timeout) {
    this.bus = bus;
    this.timeout = timeout;
  }

  @Override
  public void send(Message m) throws Exception {
    CompletableFuture<Void> ack = sendAsync(m);
    try {
      ack.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new SendUnavailableException("bus refused " + m.id() + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new SendUnavailableException("bus did not acknowledge " + m.id() + " within " + timeout, e);
    }
  }

  /** Publishes to the message's topic with its key; throws for a type that has no topic. */
  @Override
  public CompletableFuture<Void> sendAsync(Message m) {
    if (m instanceof SampleBatch b) {
      return bus.publish(Topic.SAMPLES, b.site(), b);
    } else if (m instanceof Detection d) {
      return bus.publish(Topic.DETECTIONS, d.resource(), d);
    } else if (m instanceof Alarm a) {
      return bus.publish(Topic.ALARMS, a.key(), a);
    } else if (m instanceof ActionEvent e) {
      return bus.publish(Topic.ACTION_EVENTS, e.action().id(), e);
    } else if (m instanceof Diagnosis d) {
      return bus.publish(Topic.DIAGNOSES, d.target(), d);
    } else if (m instanceof Action a) {
      return bus.publish(Topic.COMMANDS, a.id(), a);
    }
    throw new IllegalArgumentException("no topic for " + m.getClass().getSimpleName());
  }

  /**
   * Sample batches and action events as stored: their bus key is in the ordering key
   * ({@code smp/<site>}, {@code act/<action id>}, see {@link Priority#keyOf}); the rest is decoded
   * first (a detection's bus key is its resource, an alarm's its dedup key).
   */
  @Override
  public Optional<CompletableFuture<Void>> sendRaw(String type, String orderingKey, byte[] payload) {
    if (type.equals("SampleBatch") && orderingKey.startsWith(SAMPLES_PREFIX)) {
      return Optional.of(bus.raw().publish(Topic.SAMPLES.name(), orderingKey.substring(SAMPLES_PREFIX.length()), payload));
    }
    if (type.equals("ActionEvent") && orderingKey.startsWith(ACTION_PREFIX)) {
      return Optional.of(bus.raw().publish(Topic.ACTION_EVENTS.name(), orderingKey.substring(ACTION_PREFIX.length()),
          payload));
    }
    return Optional.empty();
  }

  public Duration timeout() {
    return timeout;
  }
}
