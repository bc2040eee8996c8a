package io.sextant.bus.pulsar;

import io.sextant.common.bus.Bus;
import io.sextant.common.bus.Delivery;
import io.sextant.common.bus.Topic;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The centre's view of the bus: a subscription to one of the {@code siteTopics} (short bus names
 * such as {@code samples}) spans that topic in every site's namespace
 * ({@link PulsarBusConfig#everySite}); everything else, publishing included, goes to the wrapped
 * {@link PulsarBus} unchanged. So central code written against the SPI ({@code Ingest} subscribing
 * to {@code Topic.SAMPLES}) consumes all sites without knowing about namespaces.
 */
public final class EverySiteBus implements Bus {
  /** What edges publish and the centre consumes. */
  public static final Set<String> SITE_TOPICS =
      Set.of(Topic.SAMPLES.name(), Topic.DETECTIONS.name(), Topic.ACTION_EVENTS.name());

  private final PulsarBus bus;
  private final List<String> sites;
  private final Set<String> siteTopics;

  public EverySiteBus(PulsarBus bus, List<String> sites, Set<String> siteTopics) {
    if (sites.isEmpty()) {
      throw new IllegalArgumentException("sites: at least one");
    }
    this.bus = bus;
    this.sites = List.copyOf(sites);
    this.siteTopics = Set.copyOf(siteTopics);
  }

  public EverySiteBus(PulsarBus bus, List<String> sites) {
    this(bus, sites, SITE_TOPICS);
  }

  public PulsarBus pulsar() {
    return bus;
  }

  private String route(String topic) {
    return siteTopics.contains(topic) ? bus.config().everySite(sites, topic) : topic;
  }

  @Override
  public CompletableFuture<Void> publish(String topic, String key, byte[] payload) {
    return bus.publish(topic, key, payload);
  }

  @Override
  public CompletableFuture<Void> publish(String topic, String key, byte[] payload, Map<String, String> properties) {
    return bus.publish(topic, key, payload, properties);
  }

  @Override
  public Subscription subscribe(String topic, String subscription, Handler handler) {
    return bus.subscribe(route(topic), subscription, handler);
  }

  @Override
  public Subscription subscribeLatest(String topic, String subscription, Handler handler) {
    return bus.subscribeLatest(topic, subscription, handler);
  }

  @Override
  public String deadLetterTopic(String topic, String subscription) {
    return bus.deadLetterTopic(route(topic), subscription);
  }

  @Override
  public CompletableFuture<Void> deadLetter(String topic, String subscription, Delivery delivery, String reason) {
    return bus.deadLetter(route(topic), subscription, delivery, reason);
  }

  @Override
  public void close() {
    bus.close();
  }
}
