package io.sextant.alarm.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sextant.alarm.AlarmListener;
import io.sextant.common.model.Alarm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TMF642's event hub: listeners register a callback URL (and optionally a query) and receive every
 * alarm change as an event — {@code AlarmCreateEvent} when first raised,
 * {@code AlarmAttributeValueChangeEvent} for every later change while open (severity, count,
 * correlation, acknowledgement), {@code AlarmStateChangeEvent} when cleared — so a listener that saw
 * them all holds the alarm's whole history.
 *
 * <p>Delivery never holds up the alarm engine: each listener has its own thread and bounded queue;
 * an event that cannot be delivered after {@link #ATTEMPTS} tries, or that finds the queue full, is
 * dropped and counted (the store keeps the history; the listener can read it back).
 */
public final class AlarmHub implements AlarmListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlarmHub.class);
  public static final int ATTEMPTS = 3;
  public static final int QUEUE = 10_000;
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** A registered listener; {@code query} filters alarms as the list endpoint's does (null: all). */
  public record Listener(String id, String callback, String query) {}

  /** One delivery to a listener's callback, as posted. */
  public record Event(String eventId, String eventTime, String eventType, Map<String, Object> event) {}

  /**
   * A listener, and the open alarms it has been told about: their later changes reach it whatever
   * its query says (a listener to major alarms hears them clear, though a cleared alarm's severity
   * is no longer major).
   */
  private record Registered(Listener listener, Predicate<Alarm> filter, ExecutorService sender, Set<String> following) {
    boolean wants(Alarm a) {
      if (a.state() == Alarm.State.CLEARED) {
        return following.remove(a.id()) || filter.test(a);
      }
      if (filter.test(a)) {
        following.add(a.id());
        return true;
      }
      return following.contains(a.id());
    }
  }

  private final Clock clock;
  private final Function<Alarm, Object> view;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Registered> listeners = new ConcurrentHashMap<>();
  /** Open alarms the hub has announced, so a later change is an attribute change (bounded, oldest out). */
  private final Map<String, Boolean> known = new java.util.LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > 100_000;
    }
  };
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  /** @param view how an alarm is shown to listeners (TMF642's shape) */
  public AlarmHub(Clock clock, Function<Alarm, Object> view) {
    this.clock = clock;
    this.view = view;
  }

  /** Registers a listener; {@code filter} is what its query selects. */
  public Listener register(String callback, String query, Predicate<Alarm> filter) {
    URI uri;
    try {
      uri = URI.create(callback);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("callback is not a URL: " + callback);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("callback must be an http or https URL, got " + callback);
    }
    Listener l = new Listener(UUID.randomUUID().toString(), callback, query);
    ExecutorService sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE),
        r -> {
          Thread t = new Thread(r, "alarm-hub-" + l.id());
          t.setDaemon(true);
          return t;
        }, (r, executor) -> dropped.incrementAndGet());
    listeners.put(l.id(), new Registered(l, filter, sender, ConcurrentHashMap.newKeySet()));
    return l;
  }

  public Optional<Listener> get(String id) {
    return Optional.ofNullable(listeners.get(id)).map(Registered::listener);
  }

  public List<Listener> all() {
    return listeners.values().stream().map(Registered::listener).toList();
  }

  public boolean unregister(String id) {
    Registered r = listeners.remove(id);
    if (r != null) {
      r.sender().shutdownNow();
    }
    return r != null;
  }

  @Override
  public void changed(Alarm alarm) {
    if (listeners.isEmpty()) {
      return;
    }
    String type;
    synchronized (known) {
      if (alarm.state() == Alarm.State.CLEARED) {
        known.remove(alarm.id());
        type = "AlarmStateChangeEvent";
      } else {
        type = known.put(alarm.id(), Boolean.TRUE) == null ? "AlarmCreateEvent" : "AlarmAttributeValueChangeEvent";
      }
    }
    Event e = new Event(UUID.randomUUID().toString(), clock.instant().toString(), type,
        Map.of("alarm", view.apply(alarm)));
    byte[] body;
    try {
      body = json.writeValueAsBytes(e);
    } catch (java.io.IOException ex) {
      throw new IllegalStateException("cannot encode a hub event: " + ex.getMessage(), ex);
    }
    for (Registered r : listeners.values()) {
      if (r.wants(alarm)) {
        r.sender().execute(() -> deliver(r.listener(), body));
      }
    }
  }

  private void deliver(Listener l, byte[] body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(l.callback())).timeout(TIMEOUT)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status / 100 == 2) {
          delivered.incrementAndGet();
          return;
        }
        if (status / 100 == 4) {
          break; // the listener refuses it; asking again would not change its mind
        }
      } catch (java.io.IOException e) {
        log.debug("hub listener {}: {}", l.id(), e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        Thread.sleep(200L << attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    dropped.incrementAndGet();
  }

  public long deliveredCount() {
    return delivered.get();
  }

  public long droppedCount() {
    return dropped.get();
  }

  @Override
  public void close() {
    List<String> ids = new ArrayList<>(listeners.keySet());
    ids.forEach(this::unregister);
  }
}
