package io.sextant.alarm.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import io.sextant.common.security.ApiTokens.Principal;
import io.sextant.common.match.Matcher;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who calls, as the port's token check left it on the request: the name every operator action is
 * recorded under, and the sites the caller may see and act on. Without tokens there is no
 * principal: the request's own field says who, and every site is open.
 */
public final class Caller {
  /** The request attribute the token check sets to the caller's {@link Principal}. */
  public static final String ATTRIBUTE = "sextant.principal";
  /**
   * Set on a request refused for its token's sites ({@link #forbidSite}), so that the port's token
   * check counts the 403 under {@code reason="site"} like its own refusals.
   */
  public static final String REFUSED_FOR_SITE = "sextant.refused.site";

  private Caller() {}

  public static Optional<Principal> of(HttpRequest<?> request) {
    return request.getAttribute(ATTRIBUTE, Principal.class);
  }

  /**
   * Who does it, for the audit: the token's name when the caller has one (a body cannot act in
   * another's name), else what the body says ({@code said} may then throw for a missing field).
   */
  public static String by(HttpRequest<?> request, Supplier<String> said) {
    return of(request).map(Principal::name).orElseGet(said);
  }

  /** Whether the caller may see {@code site}'s alarms and actions. */
  public static boolean sees(HttpRequest<?> request, String site) {
    return of(request).map(p -> p.covers(site)).orElse(true);
  }

  /** Refuses with 403 when the caller's token is limited to other sites than {@code site}. */
  public static void requireSite(HttpRequest<?> request, String site, String what) {
    Optional<Principal> who = of(request);
    if (who.isPresent() && !who.get().covers(site)) {
      throw forbidSite(request, who.get().name() + " may act on sites " + who.get().sites() + " only; " + what
          + " is of site " + site);
    }
  }

  /** A 403 for the caller's sites, marked on the request to be counted; the caller throws it. */
  public static HttpStatusException forbidSite(HttpRequest<?> request, String message) {
    request.setAttribute(REFUSED_FOR_SITE, Boolean.TRUE);
    return new HttpStatusException(HttpStatus.FORBIDDEN, message);
  }

  /**
   * Whether the caller may see or change what {@code matchers} select: a caller of every site may;
   * one limited to sites only when the matchers pin {@code site} to one of theirs (a silence,
   * say, created by such a caller always does).
   */
  public static boolean coversMatchers(HttpRequest<?> request, List<Matcher> matchers) {
    return of(request).map(who -> who.sites().isEmpty() || matchers.stream().anyMatch(m ->
        m.op() == Matcher.Op.EQ && m.name().equals("site") && who.covers(m.value())))
        .orElse(true);
  }
}
