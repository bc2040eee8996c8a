package io.sextant.alarm.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import io.sextant.common.security.ApiTokens.Principal;
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
      throw new HttpStatusException(HttpStatus.FORBIDDEN, who.get().name() + " may act on sites " + who.get().sites()
          + " only; " + what + " is of site " + site);
    }
  }
}
