package io.sextant.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.common.config.ConfigException;
import io.sextant.common.security.ApiTokens.Principal;
import io.sextant.common.security.ApiTokens.Role;
import io.sextant.common.time.MutableClock;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ApiTokensTest {
  static Stream<Arguments> grants() {
    return Stream.of(
        Arguments.of("a writer only writes", Role.WRITER, Role.WRITER, true),
        Arguments.of("a writer reads nothing", Role.WRITER, Role.VIEWER, false),
        Arguments.of("a viewer writes nothing", Role.VIEWER, Role.WRITER, false),
        Arguments.of("an operator writes", Role.OPERATOR, Role.WRITER, true),
        Arguments.of("an admin writes", Role.ADMIN, Role.WRITER, true),
        Arguments.of("an operator reads", Role.OPERATOR, Role.VIEWER, true),
        Arguments.of("an operator is no admin", Role.OPERATOR, Role.ADMIN, false),
        Arguments.of("a viewer is no operator", Role.VIEWER, Role.OPERATOR, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("grants")
  void rolesAllowWhatTheyShould(String name, Role role, Role needed, boolean allowed) {
    assertThat(role.allows(needed)).isEqualTo(allowed);
  }

  @Test
  void aTokenMayBeLimitedToSites() {
    ApiTokens tokens = ApiTokens.parse("""
        tokens:
          - {name: ops-1, role: operator, sites: [edge-1, edge-3], sha256: %s}
          - {name: noc, role: viewer, sha256: %s}
        """.formatted(ApiTokens.sha256("a"), ApiTokens.sha256("b")));
    Principal ops = tokens.find("a").orElseThrow();
    assertThat(ops.sites()).isEqualTo(Set.of("edge-1", "edge-3"));
    assertThat(ops.covers("edge-1")).isTrue();
    assertThat(ops.covers("edge-2")).isFalse();
    assertThat(tokens.find("b").orElseThrow().covers("edge-2")).as("no sites: every site").isTrue();
    assertThatThrownBy(() -> ApiTokens.parse("tokens:\n  - {name: x, role: viewer, sites: [], sha256: "
        + ApiTokens.sha256("c") + "}\n")).isInstanceOf(ConfigException.class).hasMessageContaining("tokens[0].sites");
  }

  @Test
  void theGateAnswersWhoOrWhyNot() {
    Gate gate = new Gate(ApiTokens.parse("tokens:\n  - {name: w, role: writer, sites: [edge-1], sha256: "
        + ApiTokens.sha256("t") + "}\n"), null, "edge-2");
    assertThat(gate.admit(null, Role.WRITER, "POST /x", "127.0.0.1").refusal().reason()).isEqualTo("missing_token");
    assertThat(gate.admit("Basic abc", Role.WRITER, "POST /x", "127.0.0.1").refusal().status()).isEqualTo(401);
    assertThat(gate.admit("Bearer nope", Role.WRITER, "POST /x", "127.0.0.1").refusal().reason())
        .isEqualTo("unknown_token");
    assertThat(gate.admit("Bearer t", Role.VIEWER, "GET /metrics", "127.0.0.1").refusal().message())
        .isEqualTo("w is a writer; GET /metrics needs viewer");
    assertThat(gate.admit("bearer t", Role.WRITER, "POST /x", "127.0.0.1").refusal().reason()).isEqualTo("site");
    assertThat(new Gate(ApiTokens.OPEN, null).admit(null, Role.ADMIN, "POST /x", "1.2.3.4").admitted()).isTrue();
  }

  @Test
  void anExpiredTokenIsRefusedFromItsExpiryOnAndABadDateNamesTheEntry() {
    ApiTokens tokens = ApiTokens.parse("""
        tokens:
          - {name: contractor, role: operator, expires: 2027-03-31T00:00:00Z, sha256: %s}
          - {name: noc, role: viewer, sha256: %s}
        """.formatted(ApiTokens.sha256("c"), ApiTokens.sha256("n")));
    MutableClock clock = new MutableClock(Instant.parse("2027-03-30T23:59:59Z"));
    Gate gate = new Gate(tokens, null, null, clock);
    assertThat(gate.admit("Bearer c", Role.OPERATOR, "POST /x", "127.0.0.1").who().name()).isEqualTo("contractor");
    clock.set(Instant.parse("2027-03-31T00:00:00Z"));
    Refusal expired = gate.admit("Bearer c", Role.VIEWER, "GET /x", "127.0.0.1").refusal();
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.reason()).isEqualTo("expired_token");
    assertThat(expired.message()).isEqualTo("the bearer token of contractor expired at 2027-03-31T00:00:00Z");
    assertThat(gate.admit("Bearer n", Role.VIEWER, "GET /x", "127.0.0.1").admitted()).as("no expiry").isTrue();
    assertThatThrownBy(() -> ApiTokens.parse("tokens:\n  - {name: x, role: viewer, expires: next week, sha256: "
        + ApiTokens.sha256("x") + "}\n")).isInstanceOf(ConfigException.class).hasMessageContaining("tokens[0].expires");
  }
}
