package io.sextant.alarm.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.serde.annotation.Serdeable;
import io.sextant.alarm.hub.AlarmHub;
import io.sextant.common.model.Alarm;
import io.sextant.common.security.ApiTokens;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * TMF642's {@code hub}: {@code POST /hub} registers a listener ({@code callback}, and a
 * {@code query} in the list endpoint's terms, e.g. {@code perceivedSeverity=critical&state=raised}),
 * {@code GET /hub} and {@code /hub/{id}} show them, {@code DELETE /hub/{id}} removes one. Each
 * alarm change the query selects is posted to the callback (see {@link AlarmHub}); a listener
 * registered with a token limited to sites hears only those sites' alarms.
 */
@Controller(Tmf642.API_PATH)
@Requires(beans = AlarmHub.class)
public class HubController {
  private final AlarmHub hub;
  private final ApiCounters counters;

  public HubController(AlarmHub hub, ApiCounters counters) {
    this.hub = hub;
    this.counters = counters;
  }

  @Serdeable
  public record Registration(String callback, @Nullable String query) {}

  @Serdeable
  public record ListenerView(String id, String callback, @Nullable String query) {
    static ListenerView of(AlarmHub.Listener l) {
      return new ListenerView(l.id(), l.callback(), l.query());
    }
  }

  @Post("/hub")
  public HttpResponse<ListenerView> register(HttpRequest<?> http, @Body Registration r) {
    String callback = Bodies.required("callback", r.callback());
    Map<String, String> q = query(r.query());
    AlarmQuery filter = AlarmQuery.parse(q.get("state"), q.get("perceivedSeverity"), q.get("isRootCause"));
    // A caller limited to sites hears only their alarms, as its list shows only those.
    Optional<ApiTokens.Principal> who = Caller.of(http);
    Predicate<Alarm> heard = who.isEmpty() || who.get().sites().isEmpty() ? filter::matches
        : a -> filter.matches(a) && who.get().covers(a.site());
    return HttpResponse.created(ListenerView.of(hub.register(callback, r.query(), heard)));
  }

  @Get("/hub")
  public List<ListenerView> list() {
    return hub.all().stream().map(ListenerView::of).toList();
  }

  @Get("/hub/{id}")
  public HttpResponse<ListenerView> get(String id) {
    return hub.get(id).map(l -> HttpResponse.ok(ListenerView.of(l)))
        .orElseGet(() -> HttpResponse.<ListenerView>notFound());
  }

  @Delete("/hub/{id}")
  public HttpResponse<Void> delete(String id) {
    return hub.unregister(id) ? HttpResponse.noContent() : HttpResponse.notFound();
  }

  /** {@code a=b&c=d}; only the list endpoint's filters are known. */
  static Map<String, String> query(String query) {
    Map<String, String> out = new HashMap<>();
    if (query == null || query.isBlank()) {
      return out;
    }
    for (String part : query.split("&")) {
      int eq = part.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("query: '" + part + "' is not name=value");
      }
      String name = URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8);
      if (!List.of("state", "perceivedSeverity", "isRootCause").contains(name)) {
        throw new IllegalArgumentException("query: unknown filter '" + name + "' (known: state, perceivedSeverity, "
            + "isRootCause)");
      }
      out.put(name, URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Error(exception = IllegalArgumentException.class)
  public HttpResponse<ApiError> badRequest(IllegalArgumentException e) {
    counters.reject("invalid_request");
    return AlarmController.error(HttpStatus.BAD_REQUEST, e.getMessage());
  }
}
