package io.sextant.deploy.process;

import io.sextant.common.bus.Bus;
import io.sextant.common.bus.Delivery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The centre's view of a namespaced bus: a subscription to a topic that edges publish (samples,
 * detections, action events) is one subscription per served site's namespace, each under the same
 * subscription name, so the central pipeline subscribes once and hears every site. Per-key order
 * holds because a key (a site, a resource, an action) only ever comes from one site's namespace.
 * The reverse for what the centre sends each site (upload policies, model releases): a publish on
 * such a topic goes to the namespace of the site its key names ({@code edge-1} or
 * {@code edge-1/<model>}), where that site's edge subscribes. Everything else (the centre's own
 * topics) goes to the inner bus unchanged, i.e. to the centre's own namespace.
 *
 * <p>Unlike bus-pulsar's {@code EverySiteBus} (one multi-topic consumer per subscription, so one
 * handler thread for every site), a consumer per site's topic lets the sites' store writes run
 * in parallel, up to the store's connection pool.
 */
public final class FanInBus implements Bus {
  private final Bus inner;
  private final String tenant;
  private final List<String> namespaces;
  private final Set<String> fannedIn;
  private final Set<String> toSites;

  public FanInBus(Bus inner, String tenant, List<String> namespaces, Set<String> fannedIn) {
    this(inner, tenant, namespaces, fannedIn, Set.of());
  }

  /**
   * @param namespaces every namespace to read fanned-in topics from (the served sites, and the
   *     centre's own when it publishes on those topics too)
   * @param fannedIn the bus topic names edges publish on
   * @param toSites the bus topic names published into the namespace of the site the key names
   */
  public FanInBus(Bus inner, String tenant, List<String> namespaces, Set<String> fannedIn, Set<String> toSites) {
    if (namespaces.isEmpty()) {
      throw new IllegalArgumentException("namespaces: at least one");
    }
    this.inner = inner;
    this.tenant = tenant;
    this.namespaces = List.copyOf(namespaces);
    this.fannedIn = Set.copyOf(fannedIn);
    this.toSites = Set.copyOf(toSites);
  }

  @Override
  public CompletableFuture<Void> publish(String topic, String key, byte[] payload) {
    return inner.publish(route(topic, key), key, payload);
  }

  @Override
  public CompletableFuture<Void> publish(String topic, String key, byte[] payload, Map<String, String> properties) {
    return inner.publish(route(topic, key), key, payload, properties);
  }

  /** The site's own topic for what is sent to a site, else {@code topic} as is. */
  String route(String topic, String key) {
    if (!toSites.contains(topic)) {
      return topic;
    }
    int slash = key == null ? -1 : key.indexOf('/');
    String site = slash < 0 ? key : key.substring(0, slash);
    if (site == null || site.isEmpty()) {
      throw new IllegalArgumentException(topic + ": the key must name a site, got '" + key + "'");
    }
    return SiteTopics.of(tenant, site, topic);
  }

  /** Subscribes to every namespace's topic, or fails having closed the ones already made. */
  @Override
  public Subscription subscribe(String topic, String subscription, Handler handler) {
    if (!fannedIn.contains(topic)) {
      return inner.subscribe(topic, subscription, handler);
    }
    List<Subscription> subs = new ArrayList<>();
    try {
      for (String ns : namespaces) {
        subs.add(inner.subscribe(SiteTopics.of(tenant, ns, topic), subscription, handler));
      }
    } catch (RuntimeException e) {
      subs.forEach(Subscription::close);
      throw e;
    }
    return () -> subs.forEach(Subscription::close);
  }

  @Override
  public Subscription subscribeLatest(String topic, String subscription, Handler handler) {
    return inner.subscribeLatest(topic, subscription, handler);
  }

  @Override
  public String deadLetterTopic(String topic, String subscription) {
    return inner.deadLetterTopic(topic, subscription);
  }

  @Override
  public CompletableFuture<Void> deadLetter(String topic, String subscription, Delivery delivery, String reason) {
    return inner.deadLetter(topic, subscription, delivery, reason);
  }

  public List<String> namespaces() {
    return namespaces;
  }

  @Override
  public void close() {
    inner.close();
  }
}
