package io.sextant.alarm.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.alarm.silence.TimeInterval;
import io.sextant.common.match.Matcher;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
  static Route route(String name, String receiver, String... matchers) {
    return Route.to(name, receiver, Matcher.parseAll(List.of(matchers)), List.of("alertname"));
  }

  static Router.Node node(Route r, Router.Node... children) {
    return new Router.Node(r, List.of(children));
  }

  /** Alertmanager's example tree: a node none of whose children match takes the alarm itself. */
  final Router tree = new Router(node(route("root", "mails"),
      node(route("db", "db-pager", "service=database"),
          node(route("db-x", "x-pager", "owner=team-X")),
          node(route("db-y", "y-pager", "owner=team-Y").andContinue()),
          node(route("db-y2", "y-mails", "owner=~team-.*"))),
      node(route("files", "y-mails", "service=files").andContinue()),
      node(route("files-crit", "y-pager", "service=files", "severity=critical"))));

  List<String> receivers(Map<String, String> labels) {
    return tree.routesFor(labels).stream().map(Route::receiver).toList();
  }

  @Test
  void walksTheTreeAsAlertmanager() {
    assertThat(receivers(Map.of("service", "database"))).containsExactly("db-pager");
    assertThat(receivers(Map.of("service", "database", "owner", "team-X"))).containsExactly("x-pager");
    assertThat(receivers(Map.of("service", "database", "owner", "team-Y"))).containsExactly("y-pager", "y-mails");
    assertThat(receivers(Map.of("service", "files", "severity", "critical"))).containsExactly("y-mails", "y-pager");
    assertThat(receivers(Map.of("service", "files"))).containsExactly("y-mails");
    assertThat(receivers(Map.of("service", "web"))).containsExactly("mails");
    assertThat(tree.all()).extracting(Route::name)
        .containsExactly("db", "db-x", "db-y", "db-y2", "files", "files-crit", "root");
  }

  @Test
  void aRouteIsMutedInItsMuteIntervalsAndOutsideItsActiveOnes() {
    // Weekdays 09:00-17:00 in Paris.
    TimeInterval office = new TimeInterval("office", List.of(new TimeInterval.Spec(
        List.of(new TimeInterval.Range(9 * 60, 17 * 60)), List.of(new TimeInterval.Range(1, 5)), List.of(), List.of(),
        List.of(), ZoneId.of("Europe/Paris"))));
    Route r = route("r", "x");
    Route muted = new Route("m", List.of(), "x", List.of(), Route.GROUP_WAIT, Route.GROUP_INTERVAL,
        Route.REPEAT_INTERVAL, false, List.of(office), List.of());
    Route active = new Route("a", List.of(), "x", List.of(), Route.GROUP_WAIT, Route.GROUP_INTERVAL,
        Route.REPEAT_INTERVAL, false, List.of(), List.of(office));
    Instant mondayNoonParis = Instant.parse("2025-03-03T11:00:00Z");
    Instant sundayNoon = Instant.parse("2025-03-02T11:00:00Z");
    Instant mondayEvening = Instant.parse("2025-03-03T16:00:00Z"); // 17:00 in Paris: the end is exclusive
    assertThat(r.mutedAt(mondayNoonParis)).isFalse();
    assertThat(muted.mutedAt(mondayNoonParis)).isTrue();
    assertThat(muted.mutedAt(sundayNoon)).isFalse();
    assertThat(muted.mutedAt(mondayEvening)).isFalse();
    assertThat(active.mutedAt(mondayNoonParis)).isFalse();
    assertThat(active.mutedAt(mondayEvening)).isTrue();
  }

  @Test
  void negativeDaysOfMonthCountFromTheEnd() {
    TimeInterval lastDays = new TimeInterval("last", List.of(new TimeInterval.Spec(List.of(), List.of(),
        List.of(new TimeInterval.Range(-2, -1)), List.of(), List.of(), ZoneId.of("UTC"))));
    assertThat(lastDays.contains(Instant.parse("2024-02-28T00:00:00Z"))).isTrue();
    assertThat(lastDays.contains(Instant.parse("2024-02-27T23:59:00Z"))).isFalse();
    assertThat(lastDays.contains(Instant.parse("2025-01-30T10:00:00Z"))).isTrue();
  }
}
