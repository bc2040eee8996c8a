package io.sextant.bus.pulsar;

import io.sextant.common.bus.Bus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.client.api.BatcherBuilder;
import org.apache.pulsar.client.api.ClientBuilder;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.DeadLetterPolicy;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;
import org.apache.pulsar.client.impl.MultiplierRedeliveryBackoff;

/**
 * The bus on Apache Pulsar: one persistent topic per bus topic in the configured tenant and
 * namespace, one Pulsar subscription per named subscription.
 *
 * <ul>
 *   <li>Publishing: one producer per topic, created on first use and shared by all threads. The
 *       bus key becomes the Pulsar message key and batches are built per key
 *       ({@link BatcherBuilder#KEY_BASED}), so a Key_Shared subscription can route every key to
 *       one consumer. The returned future completes when the broker has persisted the message.</li>
 *   <li>Subscribing: {@link SubscriptionType#Key_Shared}, so central scales out by starting more
 *       processes on the same subscription while each key stays on one of them, in order. The
 *       subscription starts at the <em>earliest</em> retained message when it is first created:
 *       what an edge published before the centre ever subscribed is not skipped (handlers are
 *       idempotent, so replaying retained messages is harmless); an existing subscription resumes
 *       from its cursor whatever the setting. Either position satisfies the contract, since
 *       {@link #subscribe} returns only once the broker has created the subscription.</li>
 *   <li>Acknowledgement only after the handler returns; a handler that throws gets a negative
 *       acknowledgement and the message comes back after a doubling delay, with
 *       {@code attempt = redeliveryCount + 1}. Per-key order across redeliveries is kept by
 *       {@link KeyOrderedWorker}. After {@link PulsarBusConfig#maxRedeliverCount()} redeliveries
 *       the client moves the message to the dead-letter topic {@link #deadLetterTopic}.</li>
 * </ul>
 */
public final class PulsarBus implements Bus {
  /** Subscription created on every dead-letter topic so its messages are kept until read. */
  public static final String DEAD_LETTER_SUBSCRIPTION = "sextant-dead-letters";

  private final PulsarBusConfig config;
  private final PulsarClient client;
  private final Map<String, Producer<byte[]>> producers = new ConcurrentHashMap<>();
  private final List<KeyOrderedWorker> workers = new CopyOnWriteArrayList<>();
  private final AtomicLong deadLettered = new AtomicLong();
  private volatile boolean closed;

  private PulsarBus(PulsarBusConfig config, PulsarClient client) {
    this.config = config;
    this.client = client;
  }

  /** Creates the client; connections are made lazily, on the first publish or subscribe. */
  public static PulsarBus connect(PulsarBusConfig config) throws PulsarClientException {
    ClientBuilder builder = PulsarClient.builder()
        .serviceUrl(config.serviceUrl())
        .operationTimeout(30, TimeUnit.SECONDS)
        .enableTlsHostnameVerification(config.tlsHostnameVerification());
    if (config.tlsTrustCertsFile() != null) {
      builder.tlsTrustCertsFilePath(config.tlsTrustCertsFile().toString());
    }
    if (config.authToken() != null) {
      builder.authentication(AuthenticationFactory.token(config.authToken()));
    }
    return new PulsarBus(config, builder.build());
  }

  public PulsarBusConfig config() {
    return config;
  }

  /** The topic that messages of {@code subscription} go to once their handler has failed too often. */
  public String deadLetterTopic(String topic, String subscription) {
    return config.topicName(topic) + "-" + subscription + "-DLQ";
  }

  /** Messages this bus's subscriptions sent to a dead-letter topic since it started. */
  public long deadLetteredCount() {
    return deadLettered.get();
  }

  /**
   * Sends asynchronously. Messages published from one thread are sent in that order; the first
   * publish to a topic blocks while its producer is created (callbacks chained on a pending
   * creation would run in reverse order, so creation is not chained).
   */
  @Override
  public CompletableFuture<Void> publish(String topic, String key, byte[] payload) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("bus closed"));
    }
    Producer<byte[]> producer;
    try {
      producer = producer(config.topicName(topic));
    } catch (PulsarClientException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return producer.newMessage().key(key == null ? "" : key).value(payload).sendAsync().thenApply(id -> null);
  }

  private Producer<byte[]> producer(String name) throws PulsarClientException {
    Producer<byte[]> p = producers.get(name);
    if (p != null) {
      return p;
    }
    synchronized (producers) {
      p = producers.get(name);
      if (p == null) {
        p = client.newProducer(Schema.BYTES)
            .topic(name)
            .enableBatching(true)
            .batcherBuilder(BatcherBuilder.KEY_BASED)
            .batchingMaxPublishDelay(Math.max(1, config.batchingMaxDelay().toNanos() / 1000), TimeUnit.MICROSECONDS)
            .batchingMaxMessages(config.batchingMaxMessages())
            .blockIfQueueFull(true)
            .sendTimeout(0, TimeUnit.SECONDS)
            .create();
        producers.put(name, p);
      }
      return p;
    }
  }

  @Override
  public Subscription subscribe(String topic, String subscription, Handler handler) {
    if (closed) {
      throw new IllegalStateException("bus closed");
    }
    Consumer<byte[]> consumer;
    try {
      consumer = client.newConsumer(Schema.BYTES)
          .topic(config.topicName(topic))
          .subscriptionName(subscription)
          .subscriptionType(SubscriptionType.Key_Shared)
          .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
          .enableBatchIndexAcknowledgment(true)
          .negativeAckRedeliveryBackoff(MultiplierRedeliveryBackoff.builder()
              .minDelayMs(config.redeliveryDelay().toMillis())
              .maxDelayMs(config.maxRedeliveryDelay().toMillis())
              .multiplier(2)
              .build())
          .deadLetterPolicy(DeadLetterPolicy.builder()
              .maxRedeliverCount(config.maxRedeliverCount())
              .deadLetterTopic(deadLetterTopic(topic, subscription))
              .initialSubscriptionName(DEAD_LETTER_SUBSCRIPTION)
              .build())
          .subscribe();
    } catch (PulsarClientException e) {
      throw new IllegalStateException("cannot subscribe " + subscription + " to " + topic + ": " + e.getMessage(), e);
    }
    KeyOrderedWorker worker = new KeyOrderedWorker(topic, subscription, consumer, handler,
        config.maxRedeliverCount(), config.maxRedeliveryDelay().multipliedBy(3), deadLettered::incrementAndGet);
    workers.add(worker);
    worker.start();
    return () -> {
      workers.remove(worker);
      worker.close();
    };
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    workers.forEach(KeyOrderedWorker::close);
    workers.clear();
    producers.values().forEach(Producer::closeAsync);
    producers.clear();
    try {
      client.close();
    } catch (PulsarClientException e) {
      throw new IllegalStateException("closing the Pulsar client: " + e.getMessage(), e);
    }
  }
}
