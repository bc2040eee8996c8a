package io.sextant.collector.outbox;

import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Message;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends outbox entries to their topic on the bus, under the keys {@link Topic} gives them (site
 * for sample batches, resource for detections, action id for action events), and waits for the
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

  /** Publishes to the message's topic with its key ({@link Topic}); throws for a type that has no topic. */
  @Override
  public CompletableFuture<Void> sendAsync(Message m) {
    return publish(m);
  }

  @SuppressWarnings("unchecked")
  private <M extends Message> CompletableFuture<Void> publish(M m) {
    Topic<M> topic = Topic.carrying((Class<M>) m.getClass())
        .orElseThrow(() -> new IllegalArgumentException("no topic for " + m.getClass().getSimpleName()));
    return bus.publish(topic, m);
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
