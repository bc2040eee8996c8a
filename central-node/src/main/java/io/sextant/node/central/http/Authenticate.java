package io.sextant.node.central.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.sextant.node.central.http.ApiTokens.Principal;
import io.sextant.node.central.http.ApiTokens.Role;
import java.util.Map;
import java.util.Set;

/**
 * Bearer tokens on the centre's port, when {@link ApiTokens} has any: reading needs a viewer,
 * changing anything an operator, the safety switches an admin. A refusal is 401 (no or unknown
 * token) or 403 (a role too small), with the reason in the body, counted by reason
 * ({@code sextant_central_api_refused_total{reason}}). {@code /healthz} and {@code /readyz} stay
 * open for probes, and the console's static files ({@code /}, {@code /console/*}) for browsers.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class Authenticate {
  public static final String REFUSED = "sextant_central_api_refused";
  /** The request attribute holding the caller ({@link Principal}) once authenticated. */
  public static final String PRINCIPAL = "sextant.principal";
  private static final Set<String> PROBES = Set.of("/healthz", "/readyz");

  private final ApiTokens tokens;
  private final PrometheusMeterRegistry metrics;

  public Authenticate(ApiTokens tokens, PrometheusMeterRegistry metrics) {
    this.tokens = tokens;
    this.metrics = metrics;
  }

  @RequestFilter
  @Nullable
  public HttpResponse<?> check(HttpRequest<?> request) {
    // The console's files hold no data: the page loads without a token, then sends one with each call.
    if (tokens.open() || PROBES.contains(request.getPath())
        || ConsoleController.isConsoleFile(request.getMethod(), request.getPath())) {
      return null;
    }
    String header = request.getHeaders().get("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
      return refuse(HttpStatus.UNAUTHORIZED, "missing_token", "a bearer token is required (Authorization: Bearer TOKEN)");
    }
    Principal who = tokens.find(header.substring(7).strip()).orElse(null);
    if (who == null) {
      return refuse(HttpStatus.UNAUTHORIZED, "unknown_token", "the bearer token is not known to this centre");
    }
    Role needed = needed(request.getMethod(), request.getPath());
    if (who.role().compareTo(needed) < 0) {
      return refuse(HttpStatus.FORBIDDEN, "role", who.name() + " is a " + lower(who.role()) + "; "
          + request.getMethod() + " " + request.getPath() + " needs " + lower(needed));
    }
    request.setAttribute(PRINCIPAL, who);
    return null;
  }

  static Role needed(HttpMethod method, String path) {
    if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
      return Role.VIEWER;
    }
    return path.startsWith("/api/v1/automation") ? Role.ADMIN : Role.OPERATOR;
  }

  private HttpResponse<?> refuse(HttpStatus status, String reason, String message) {
    Counter.builder(REFUSED).description("Calls refused by the centre's HTTP port for want of a token or a role.")
        .tag("reason", reason).register(metrics).increment();
    var response = HttpResponse.status(status).body(Map.of("status", status.getCode(), "message", message));
    return status == HttpStatus.UNAUTHORIZED ? response.header("WWW-Authenticate", "Bearer realm=\"sextant\"") : response;
  }

  private static String lower(Role r) {
    return r.name().toLowerCase(java.util.Locale.ROOT);
  }
}
