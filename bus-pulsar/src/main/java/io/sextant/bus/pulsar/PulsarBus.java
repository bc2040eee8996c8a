package io.sextant.bus.pulsar;

import io.sextant.common.bus.Bus;
import io.sextant.common.bus.Delivery;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Reader;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SizeUnit;
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
 *       the message goes to the dead-letter topic {@link #deadLetterTopic} with the handler's error
 *       as its reason ({@link Bus#DEAD_LETTER_REASON}, a message property).</li>
 *   <li>Several topics at once: a topic name listing fully qualified topics separated by commas
 *       (see {@link PulsarBusConfig#everySite}) subscribes one multi-topic consumer to all of them,
 *       still Key_Shared with per-key order; this is how the centre consumes every site's
 *       namespace. (Pulsar's regex subscriptions cannot span namespaces.)</li>
 *   <li>Compacted topics: {@link #subscribeLatest} reads the compacted view from its start with a
 *       non-durable reader ({@link LatestReader}).</li>
 * </ul>
 */
public final class PulsarBus implements Bus {
  /**
   * Subscription created on every dead-letter topic so its messages are kept until read. (Not
   * {@link Bus#DEAD_LETTER_ORIGIN_SUBSCRIPTION}: that property names the subscription that gave up.)
   */
  public static final String DEAD_LETTER_SUBSCRIPTION = "sextant-dead-letters";

  /** Messages a single-topic consumer prefetches (Pulsar's default). */
  static final int DEFAULT_RECEIVER_QUEUE = 1000;
  /** Most messages each topic of a multi-topic (fan-in) consumer prefetches. */
  static final int MULTI_TOPIC_RECEIVER_QUEUE = 100;
  /** The client's bound on payloads held in producer and (auto-scaled) consumer queues. */
  static final long MEMORY_LIMIT_MB = 128;
  /** How long the client waits for the broker to answer a lookup, a subscribe or a create. */
  public static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(30);
  /** Longest wait between two reconnect attempts after a connection to the broker is lost. */
  public static final Duration RECONNECT_MAX_BACKOFF = Duration.ofSeconds(10);

  private final PulsarBusConfig config;
  private final PulsarClient client;
  private final Map<String, Producer<byte[]>> producers = new ConcurrentHashMap<>();
  private final List<KeyOrderedWorker> workers = new CopyOnWriteArrayList<>();
  private final List<LatestReader> readers = new CopyOnWriteArrayList<>();
  private final AtomicLong deadLettered = new AtomicLong();
  private volatile boolean closed;

  private PulsarBus(PulsarBusConfig config, PulsarClient client) {
    this.config = config;
    this.client = client;
  }

  /**
   * The client's two waits on the broker. The nodes use {@link #DEFAULTS}; the outage tests use
   * shorter ones, so that an outage longer than both lasts seconds, not a minute.
   *
   * @param operation how long a lookup, subscribe or create waits for the broker's answer
   * @param reconnectMaxBackoff longest wait between two reconnect attempts
   */
  public record Timeouts(Duration operation, Duration reconnectMaxBackoff) {
    public static final Timeouts DEFAULTS = new Timeouts(OPERATION_TIMEOUT, RECONNECT_MAX_BACKOFF);

    public Timeouts {
      if (operation == null || operation.toMillis() < 1) {
        throw new IllegalArgumentException("operation: must be at least 1 ms, got " + operation);
      }
      if (reconnectMaxBackoff == null || reconnectMaxBackoff.toMillis() < 1) {
        throw new IllegalArgumentException("reconnectMaxBackoff: must be at least 1 ms, got " + reconnectMaxBackoff);
      }
    }
  }

  /** Creates the client; connections are made lazily, on the first publish or subscribe. */
  public static PulsarBus connect(PulsarBusConfig config) throws PulsarClientException {
    return connect(config, Timeouts.DEFAULTS);
  }

  /** {@link #connect(PulsarBusConfig)} with other client timeouts. */
  public static PulsarBus connect(PulsarBusConfig config, Timeouts timeouts) throws PulsarClientException {
    ClientBuilder builder = PulsarClient.builder()
        .serviceUrl(config.serviceUrl())
        .operationTimeout((int) timeouts.operation().toMillis(), TimeUnit.MILLISECONDS)
        // Pulsar's default waits up to 60 s between reconnects; an edge whose link comes back
        // should resume sending (and drain its outbox) within seconds.
        .maxBackoffInterval(timeouts.reconnectMaxBackoff().toMillis(), TimeUnit.MILLISECONDS)
        .memoryLimit(MEMORY_LIMIT_MB, SizeUnit.MEGA_BYTES)
        .enableTlsHostnameVerification(config.tlsHostnameVerification());
    if (config.listenerName() != null) {
      builder.listenerName(config.listenerName());
    }
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

  /**
   * The topic that messages of {@code subscription} go to once their handler has failed too often
   * or they cannot be decoded. For a subscription to several topics it lies in this bus's own
   * namespace, named after the first topic's local name (the centre may publish only there).
   */
  @Override
  public String deadLetterTopic(String topic, String subscription) {
    String[] topics = topics(topic);
    if (topics.length == 1) {
      return config.topicName(topic) + "-" + subscription + "-DLQ";
    }
    String first = topics[0];
    return config.topicName(first.substring(first.lastIndexOf('/') + 1) + "-" + subscription + "-DLQ");
  }

  /**
   * Stores the dead letter on {@link #deadLetterTopic}, creating its subscription
   * {@link #DEAD_LETTER_SUBSCRIPTION} with the topic so that dead letters are kept until read.
   */
  @Override
  public CompletableFuture<Void> deadLetter(String topic, String subscription, Delivery delivery, String reason) {
    Map<String, String> props = new LinkedHashMap<>(delivery.properties());
    props.put(DEAD_LETTER_REASON, reason == null ? "unknown" : reason);
    props.put(DEAD_LETTER_ORIGIN_TOPIC, delivery.topic());
    props.put(DEAD_LETTER_ORIGIN_SUBSCRIPTION, subscription);
    return send(deadLetterTopic(topic, subscription), DEAD_LETTER_SUBSCRIPTION, delivery.key(), delivery.payload(), props)
        .thenRun(deadLettered::incrementAndGet);
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
    return publish(topic, key, payload, Map.of());
  }

  /** As {@link #publish(String, String, byte[])}; the properties become Pulsar message properties. */
  @Override
  public CompletableFuture<Void> publish(String topic, String key, byte[] payload, Map<String, String> properties) {
    try {
      return send(config.topicName(topic), null, key, payload, properties);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<Void> send(String fullName, String initialSubscription, String key, byte[] payload,
      Map<String, String> properties) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("bus closed"));
    }
    Producer<byte[]> producer;
    try {
      producer = producer(fullName, initialSubscription);
    } catch (PulsarClientException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    var message = producer.newMessage().key(key == null ? "" : key).value(payload);
    if (properties != null && !properties.isEmpty()) {
      message.properties(properties);
    }
    return message.sendAsync().thenApply(id -> null);
  }

  private Producer<byte[]> producer(String name, String initialSubscription) throws PulsarClientException {
    Producer<byte[]> p = producers.get(name);
    if (p != null) {
      return p;
    }
    synchronized (producers) {
      p = producers.get(name);
      if (p == null) {
        if (initialSubscription != null) {
          // Created, at the earliest position, before the first message is written, so messages
          // are kept until it reads them (without retention Pulsar keeps only what some
          // subscription still needs).
          client.newConsumer(Schema.BYTES).topic(name).subscriptionName(initialSubscription)
              .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest).subscribe().close();
        }
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
    String[] topics = topics(topic);
    Consumer<byte[]> consumer;
    try {
      consumer = client.newConsumer(Schema.BYTES)
          .topic(topics)
          .subscriptionName(subscription)
          .subscriptionType(SubscriptionType.Key_Shared)
          .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
          .receiverQueueSize(topics.length > 1 ? MULTI_TOPIC_RECEIVER_QUEUE : DEFAULT_RECEIVER_QUEUE)
          // A multi-topic consumer's every topic prefetches up to the queue size: across a
          // thousand sites' backlogs that is no bound at all, so the queues start at one message,
          // grow only while the handler keeps up, and share the client's memory limit.
          .autoScaledReceiverQueueSizeEnabled(topics.length > 1)
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
    KeyOrderedWorker worker = new KeyOrderedWorker(topic, topics.length > 1, subscription, consumer, handler,
        config.maxRedeliverCount(), config.maxRedeliveryDelay().multipliedBy(3),
        (delivery, reason) -> deadLetter(topic, subscription, delivery, reason));
    workers.add(worker);
    worker.start();
    return () -> {
      workers.remove(worker);
      worker.close();
    };
  }

  /**
   * Reads the compacted view of {@code topic} from its start ({@link LatestReader}); the
   * subscription name only names the reader. Compaction itself is the broker's: an operator sets a
   * compaction threshold on the topic (docs/pulsar.md); until it has run, older messages of a key
   * come before its latest.
   */
  @Override
  public Subscription subscribeLatest(String topic, String subscription, Handler handler) {
    if (closed) {
      throw new IllegalStateException("bus closed");
    }
    Reader<byte[]> reader;
    try {
      reader = client.newReader(Schema.BYTES)
          .topic(config.topicName(topic))
          .subscriptionRolePrefix(subscription) // a unique name each time: a restart never finds its old reader
          .startMessageId(MessageId.earliest)
          .readCompacted(true)
          .create();
    } catch (PulsarClientException e) {
      throw new IllegalStateException("cannot read " + topic + " for " + subscription + ": " + e.getMessage(), e);
    }
    LatestReader latest = new LatestReader(topic, subscription, reader, handler, config.redeliveryDelay(),
        config.maxRedeliveryDelay());
    readers.add(latest);
    latest.start();
    return () -> {
      readers.remove(latest);
      latest.close();
    };
  }

  /** The full names of the topics a (possibly comma-separated) bus topic names. */
  private String[] topics(String topic) {
    return Arrays.stream(topic.split(",")).map(String::strip).map(config::topicName).toArray(String[]::new);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    workers.forEach(KeyOrderedWorker::close);
    workers.clear();
    readers.forEach(LatestReader::close);
    readers.clear();
    producers.values().forEach(Producer::closeAsync);
    producers.clear();
    try {
      client.close();
    } catch (PulsarClientException e) {
      throw new IllegalStateException("closing the Pulsar client: " + e.getMessage(), e);
    }
  }
}
