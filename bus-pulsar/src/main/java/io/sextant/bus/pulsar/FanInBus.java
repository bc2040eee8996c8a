package io.sextant.bus.pulsar;

import io.sextant.common.bus.Bus;
import io.sextant.common.bus.Delivery;
import io.sextant.common.bus.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The centre's view of a namespaced bus, routed by each topic's {@link Topic.Direction}:
 *
 * <ul>
 *   <li>{@code SITE_TO_CENTRE} (samples, detections, action events): a subscription spans the
 *       topic in every served namespace. The namespaces are dealt into {@code shards} groups and
 *       each group is one subscription over its topics (on Pulsar one multi-topic Key_Shared
 *       consumer with one handler thread), all under the same subscription name, so the central
 *       pipeline subscribes once and hears every site, the groups' handlers run in parallel (store
 *       writes of different sites overlap), and threads stay bounded however many sites there are.
 *       Per-key order holds: a key (a site, a resource, an action) only ever comes from one site's
 *       namespace, so from one group.</li>
 *   <li>{@code CENTRE_TO_SITE} (commands, upload policies, model releases): a publish goes into the
 *       namespace of the site its key names ({@link Topic#siteOfKey}), where that site's edge
 *       subscribes.</li>
 *   <li>Everything else ({@code CENTRE} topics, names outside {@link Topic#ALL}) goes to the inner
 *       bus unchanged, i.e. to the centre's own namespace.</li>
 * </ul>
 *
 * See docs/pulsar.md for what this costs per site.
 */
public final class FanInBus implements Bus {
  /** Handler threads per fanned-in subscription when not told otherwise. */
  public static final int DEFAULT_SHARDS = 4;

  private final Bus inner;
  private final String tenant;
  private final List<String> namespaces;
  private final List<List<String>> shards;

  /**
   * @param inner a bus that takes fully qualified topic names, and comma-separated lists of them
   *     as one subscription when a shard holds several namespaces ({@link PulsarBus} does)
   * @param namespaces every namespace to read site-to-centre topics from (the served sites, and
   *     the centre's own, since the centre publishes action events too)
   * @param shards how many subscriptions (handler threads) a fanned-in topic is spread over
   */
  public FanInBus(Bus inner, String tenant, List<String> namespaces, int shards) {
    if (namespaces.isEmpty()) {
      throw new IllegalArgumentException("namespaces: at least one");
    }
    if (shards < 1) {
      throw new IllegalArgumentException("shards: at least one, got " + shards);
    }
    this.inner = inner;
    this.tenant = tenant;
    this.namespaces = List.copyOf(namespaces);
    List<List<String>> groups = new ArrayList<>();
    int n = Math.min(shards, this.namespaces.size());
    for (int i = 0; i < n; i++) {
      groups.add(new ArrayList<>());
    }
    for (int i = 0; i < this.namespaces.size(); i++) {
      groups.get(i % n).add(this.namespaces.get(i));
    }
    this.shards = groups.stream().map(List::copyOf).toList();
  }

  public FanInBus(Bus inner, String tenant, List<String> namespaces) {
    this(inner, tenant, namespaces, DEFAULT_SHARDS);
  }

  /** A Pulsar bus's fan-in over {@code namespaces}, in the bus's tenant. */
  public static FanInBus over(PulsarBus pulsar, List<String> namespaces, int shards) {
    return new FanInBus(pulsar, pulsar.config().tenant(), namespaces, shards);
  }

  private static Topic.Direction direction(String topic) {
    return Topic.named(topic).map(Topic::direction).orElse(Topic.Direction.CENTRE);
  }

  /** {@code persistent://<tenant>/<namespace>/<topic>}. */
  public static String topicIn(String tenant, String namespace, String topic) {
    return "persistent://" + tenant + "/" + namespace + "/" + topic;
  }

  @Override
  public CompletableFuture<Void> publish(String topic, String key, byte[] payload) {
    return publish(topic, key, payload, Map.of());
  }

  @Override
  public CompletableFuture<Void> publish(String topic, String key, byte[] payload, Map<String, String> properties) {
    try {
      return inner.publish(route(topic, key), key, payload, properties);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The site's own topic for what is sent to a site, else {@code topic} as is. */
  String route(String topic, String key) {
    if (direction(topic) != Topic.Direction.CENTRE_TO_SITE) {
      return topic;
    }
    return topicIn(tenant, Topic.siteOfKey(topic, key), topic);
  }

  /** One subscription per shard, or none: a failure closes the ones already made. */
  @Override
  public Subscription subscribe(String topic, String subscription, Handler handler) {
    if (direction(topic) != Topic.Direction.SITE_TO_CENTRE) {
      return inner.subscribe(topic, subscription, handler);
    }
    List<Subscription> subs = new ArrayList<>();
    try {
      for (List<String> shard : shards) {
        subs.add(inner.subscribe(shardTopics(shard, topic), subscription, handler));
      }
    } catch (RuntimeException e) {
      subs.forEach(Subscription::close);
      throw e;
    }
    return () -> subs.forEach(Subscription::close);
  }

  private String shardTopics(List<String> shard, String topic) {
    return String.join(",", shard.stream().map(ns -> topicIn(tenant, ns, topic)).toList());
  }

  @Override
  public Subscription subscribeLatest(String topic, String subscription, Handler handler) {
    return inner.subscribeLatest(topic, subscription, handler);
  }

  /** The dead-letter topic of one shard's subscription (every shard's lies in the centre's namespace). */
  @Override
  public String deadLetterTopic(String topic, String subscription) {
    if (direction(topic) != Topic.Direction.SITE_TO_CENTRE) {
      return inner.deadLetterTopic(topic, subscription);
    }
    return inner.deadLetterTopic(shardTopics(shards.get(0), topic), subscription);
  }

  @Override
  public CompletableFuture<Void> deadLetter(String topic, String subscription, Delivery delivery, String reason) {
    return inner.deadLetter(topic, subscription, delivery, reason);
  }

  public List<String> namespaces() {
    return namespaces;
  }

  /** How the namespaces are dealt into shards, for tests and the docs. */
  public List<List<String>> shards() {
    return shards;
  }

  @Override
  public void close() {
    inner.close();
  }
}
