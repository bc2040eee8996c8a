package io.sextant.node.central.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.sextant.alarm.api.Caller;
import io.sextant.common.security.ApiTokens;
import io.sextant.common.security.ApiTokens.Principal;
import io.sextant.common.security.ApiTokens.Role;
import io.sextant.common.security.Gate;
import io.sextant.common.security.RateLimiter;
import io.sextant.common.security.Refusal;
import java.util.Map;
import java.util.Set;

/**
 * Bearer tokens on the centre's port, when {@link ApiTokens} has any: reading needs a viewer,
 * changing anything an operator, the safety switches an admin, sending alerts to the Alertmanager
 * intake a writer (or an operator). The intake alone has the rate limit, when a
 * {@link RateLimiter} bean is given. A refusal is 401 (no or unknown token), 403 (a role too
 * small) or 429 (over the rate limit, with Retry-After), with the reason in the body, counted by
 * reason ({@code sextant_central_api_refused_total{reason}}); so is a controller's 403 for a site
 * outside the token's ({@code reason="site"}). {@code /healthz} and
 * {@code /readyz} stay open for probes, and the console's static files ({@code /},
 * {@code /console/*}) for browsers. The check itself is the {@link Gate} every listener of
 * both nodes asks.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class Authenticate {
  public static final String REFUSED = "sextant_central_api_refused";
  /** The request attribute holding the caller ({@link Principal}) once authenticated. */
  public static final String PRINCIPAL = Caller.ATTRIBUTE;
  /** Alertmanager's intake, where Prometheus and amtool send alerts. */
  public static final String ALERTS_INTAKE = "/api/v2/alerts";
  private static final Set<String> PROBES = Set.of("/healthz", "/readyz");

  private final Gate api;
  private final Gate intake;
  private final PrometheusMeterRegistry metrics;

  public Authenticate(ApiTokens tokens, PrometheusMeterRegistry metrics, @Nullable RateLimiter intakeLimit) {
    this.api = new Gate(tokens, null);
    this.intake = new Gate(tokens, intakeLimit);
    this.metrics = metrics;
  }

  @RequestFilter
  @Nullable
  public HttpResponse<?> check(HttpRequest<?> request) {
    String path = request.getPath();
    // The console's files hold no data: the page loads without a token, then sends one with each call.
    if (PROBES.contains(path) || ConsoleController.isConsoleFile(request.getMethod(), path)) {
      return null;
    }
    boolean isIntake = request.getMethod() == HttpMethod.POST && path.equals(ALERTS_INTAKE);
    Gate gate = isIntake ? intake : api;
    if (gate.open() && !isIntake) {
      return null;
    }
    Gate.Admission a = gate.admit(request.getHeaders().get("Authorization"), needed(request.getMethod(), path),
        request.getMethod() + " " + path, request.getRemoteAddress().getAddress().getHostAddress());
    if (!a.admitted()) {
      return refuse(a.refusal());
    }
    if (a.who() != null) {
      request.setAttribute(PRINCIPAL, a.who());
    }
    return null;
  }

  static Role needed(HttpMethod method, String path) {
    if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
      return Role.VIEWER;
    }
    if (method == HttpMethod.POST && path.equals(ALERTS_INTAKE)) {
      return Role.WRITER;
    }
    return path.startsWith("/api/v1/automation") ? Role.ADMIN : Role.OPERATOR;
  }

  /**
   * A controller refused the call for the token's sites ({@link Caller#forbidSite}, after this
   * filter let it through): counted beside this filter's own refusals.
   */
  @ResponseFilter
  public void countSiteRefusal(HttpRequest<?> request, MutableHttpResponse<?> response) {
    if (response.code() == 403 && request.getAttribute(Caller.REFUSED_FOR_SITE).isPresent()) {
      count("site");
    }
  }

  private void count(String reason) {
    Counter.builder(REFUSED).description("Calls refused by the centre's HTTP port for want of a token, a role or "
        + "a site, or over the intake's rate limit.").tag("reason", reason).register(metrics).increment();
  }

  private HttpResponse<?> refuse(Refusal r) {
    count(r.reason());
    var response = HttpResponse.status(HttpStatus.valueOf(r.status()))
        .body(Map.of("status", r.status(), "reason", r.reason(), "message", r.message()));
    if (r.status() == 401) {
      response.header("WWW-Authenticate", "Bearer realm=\"sextant\"");
    } else if (r.status() == 429) {
      response.header("Retry-After", r.retryAfterSeconds());
    }
    return response;
  }
}
