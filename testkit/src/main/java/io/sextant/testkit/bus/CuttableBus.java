package io.sextant.testkit.bus;

import io.sextant.common.bus.Bus;
import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.Topic;
import java.util.concurrent.CompletableFuture;

/**
 * The edge's view of the bus to the centre, with a link that can be cut: while cut, publishing
 * fails as a broker that cannot be reached does; subscriptions stay (nothing arrives on them,
 * since nothing is published). The centre subscribes to {@link #centre()} directly.
 */
public final class CuttableBus implements Bus {
  private final InProcessBus centre = new InProcessBus(Topic.COMPACTED);
  private volatile boolean cut;

  public InProcessBus centre() {
    return centre;
  }

  public void cut(boolean down) {
    this.cut = down;
  }

  @Override
  public CompletableFuture<Void> publish(String topic, String key, byte[] payload) {
    return cut ? CompletableFuture.failedFuture(new java.net.ConnectException("link to the centre is down"))
        : centre.publish(topic, key, payload);
  }

  @Override
  public Subscription subscribe(String topic, String subscription, Handler handler) {
    return centre.subscribe(topic, subscription, handler);
  }

  @Override
  public Subscription subscribeLatest(String topic, String subscription, Handler handler) {
    return centre.subscribeLatest(topic, subscription, handler);
  }

  @Override
  public void close() {
    centre.close();
  }
}
