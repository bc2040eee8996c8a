package io.sextant.alarm.notify;

import static io.sextant.alarm.notify.NotifyTimeline.route;
import static io.sextant.alarm.notify.NotifyTimeline.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.alarm.escalate.EscalationPolicy;
import io.sextant.alarm.flap.FlapDetector;
import io.sextant.common.match.Matcher;
import io.sextant.alarm.notify.Suppression.Kind;
import io.sextant.alarm.silence.InhibitRule;
import io.sextant.alarm.silence.MaintenanceWindow;
import io.sextant.alarm.silence.Silence;
import io.sextant.alarm.silence.Suppressions;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Severity;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Timeline scenarios for the notification pipeline: events pushed at times (seconds after T0),
 * the pipeline ticked every 5 s, and each receiver's notifications asserted with their times.
 * Routes wait 10 s before a new group's first notification and flush every 60 s.
 */
class NotificationTimelineTest {
  static final String LOSS = "probe_loss_ratio";

  static Router oneRoute() {
    return new Router(List.of(), route("default", "noc", List.of(), "site"));
  }

  static NotifyTimeline timeline(Suppressions suppressions) {
    return new NotifyTimeline(oneRoute(), suppressions, FlapDetector.defaults(), EscalationPolicy.NONE, "noc");
  }

  @Test
  void dedupedRepeatsGroupAndClearNotifiesResolvedOnce() {
    NotifyTimeline tl = timeline(Suppressions.none());
    tl.fire(1, LOSS, "path:a");
    tl.fire(3, LOSS, "path:b");
    tl.fire(5, LOSS, "path:a"); // repeat of a: updates its alarm, no new notification
    tl.tickEvery(0, 95, 5);
    tl.resolve(100, LOSS, "path:a");
    tl.resolve(110, LOSS, "path:b");
    tl.tickEvery(100, 300, 5);

    assertThat(tl.summary("noc")).containsExactly(
        "15 firing group [path:a, path:b]",
        "135 resolved group [path:a(cleared), path:b(cleared)]");
    assertThat(tl.sent("noc").get(0).alarms().get(0).count()).isEqualTo(2);
    // Counted by receiver and outcome (the centre's /metrics and health series read these).
    assertThat(tl.pipeline.outcomes("noc", Outcome.Status.DELIVERED)).isEqualTo(2);
    assertThat(tl.pipeline.outcomes("noc", Outcome.Status.FAILED)).isZero();
  }

  @Test
  void symptomsAreNotNotifiedSeparatelyTheRootIs() {
    NotifyTimeline tl = timeline(Suppressions.none());
    tl.fire(1, LOSS, "path:a");
    tl.fire(2, LOSS, "path:b");
    tl.diagnose(5, "link:x~y", List.of("path:a", "path:b"));
    tl.tickEvery(0, 60, 5);

    assertThat(tl.summary("noc")).containsExactly("15 firing group [link:x~y]");
    Alarm root = tl.open("link:x~y");
    assertThat(tl.sent("noc").get(0).alarms().get(0).correlatedAlarmIds()).hasSize(2);
    assertThat(tl.pipeline.explain(tl.open("path:a").id())).hasValueSatisfying(s -> {
      assertThat(s.kind()).isEqualTo(Kind.SYMPTOM);
      assertThat(s.by()).isEqualTo(root.id());
    });
    assertThat(tl.pipeline.explain(root.id())).isEmpty();
  }

  @Test
  void aSilenceMutesMatchingAlarmsUntilItEndsAndSaysSo() {
    Suppressions suppressions = Suppressions.none();
    Silence silence = suppressions.add(new Silence("", List.of(Matcher.parse("resource=\"path:a\"")), t(0), t(100),
        "alice", "fibre works"));
    NotifyTimeline tl = timeline(suppressions);
    tl.fire(1, LOSS, "path:a");
    tl.fire(1, LOSS, "path:b");
    tl.tickEvery(0, 95, 5);

    assertThat(tl.pipeline.explain(tl.open("path:a").id())).hasValueSatisfying(s -> {
      assertThat(s.kind()).isEqualTo(Kind.SILENCED);
      assertThat(s.by()).isEqualTo(silence.id());
      assertThat(s.reason()).contains("alice", "fibre works");
    });
    tl.tickEvery(100, 200, 5);

    assertThat(tl.summary("noc")).containsExactly("15 firing group [path:b]", "135 firing group [path:a, path:b]");
    assertThat(tl.pipeline.explain(tl.open("path:a").id())).isEmpty();
  }

  @Test
  void expiringASilenceEndsItEarly() {
    Suppressions suppressions = Suppressions.none();
    Silence s = suppressions.add(new Silence("", List.of(Matcher.parse("resource=path:a")), t(0), t(3600), "bob", ""));
    NotifyTimeline tl = timeline(suppressions);
    tl.fire(1, LOSS, "path:a");
    tl.tickEvery(0, 30, 5);
    suppressions.expire(s.id(), t(30));
    tl.tickEvery(35, 80, 5);

    assertThat(tl.summary("noc")).containsExactly("75 firing group [path:a]");
  }

  @Test
  void aDailyMaintenanceWindowInParisTimeMutesEveryDay() {
    Suppressions suppressions = Suppressions.none();
    // T0 is 12:00 UTC = 13:00 in Paris (winter time); the window is 13:00-13:30 local, daily.
    suppressions.add(MaintenanceWindow.recurring("nightly-upgrade", List.of(Matcher.parse("site=edge-1")),
        LocalTime.of(13, 0), Duration.ofMinutes(30), ZoneId.of("Europe/Paris"), Set.of(), "rolling upgrade"));
    NotifyTimeline tl = timeline(suppressions);
    tl.fire(60, LOSS, "path:a");
    tl.tickEvery(60, 1795, 5);
    assertThat(tl.sent("noc")).isEmpty();
    assertThat(tl.pipeline.explain(tl.open("path:a").id())).hasValueSatisfying(s -> {
      assertThat(s.kind()).isEqualTo(Kind.MAINTENANCE);
      assertThat(s.by()).isEqualTo("nightly-upgrade");
    });

    tl.tickEvery(1800, 1860, 5);
    assertThat(tl.summary("noc")).containsExactly("1810 firing group [path:a]");

    long nextDay = 86_400;
    tl.resolve(nextDay - 100, LOSS, "path:a");
    tl.tickEvery(nextDay - 100, nextDay - 30, 5);
    tl.fire(nextDay + 60, LOSS, "path:a");
    tl.tickEvery(nextDay + 60, nextDay + 600, 5);
    assertThat(tl.summary("noc")).hasSize(2).last().asString().contains("resolved");
    assertThat(tl.pipeline.explain(tl.open("path:a").id())).map(Suppression::kind).hasValue(Kind.MAINTENANCE);
  }

  @Test
  void inhibitionMutesTargetsSharingTheEqualLabelsAndNamesTheRule() {
    Suppressions suppressions = new Suppressions(List.of(new InhibitRule("node-down-mutes-latency",
        List.of(Matcher.parse("alertname=NodeDown")), List.of(Matcher.parse("severity=~warning|minor")),
        List.of("instance"))));
    NotifyTimeline tl = timeline(suppressions);
    tl.alert(1, "\"alertname\":\"NodeDown\",\"instance\":\"n1\",\"severity\":\"critical\"", false);
    tl.alert(2, "\"alertname\":\"HighLatency\",\"instance\":\"n1\",\"severity\":\"warning\"", false);
    tl.alert(2, "\"alertname\":\"HighLatency\",\"instance\":\"n2\",\"severity\":\"warning\"", false);
    tl.tickEvery(0, 30, 5);

    assertThat(tl.sent("noc")).singleElement().satisfies(n -> assertThat(n.alarms())
        .extracting(a -> a.probableCause() + "@" + a.resource()).containsExactly("NodeDown@n1", "HighLatency@n2"));
    String inhibited = tl.open("n1").probableCause().equals("HighLatency") ? tl.open("n1").id()
        : tl.engine.open().stream().filter(a -> a.resource().equals("n1") && a.probableCause().equals("HighLatency"))
            .findFirst().orElseThrow().id();
    assertThat(tl.pipeline.explain(inhibited)).hasValueSatisfying(s -> {
      assertThat(s.kind()).isEqualTo(Kind.INHIBITED);
      assertThat(s.by()).isEqualTo("node-down-mutes-latency");
      assertThat(s.reason()).contains("NodeDown on n1");
    });

    // The source clears: the target is no longer inhibited and goes out at the next flush.
    tl.alert(40, "\"alertname\":\"NodeDown\",\"instance\":\"n1\",\"severity\":\"critical\"", true);
    tl.tickEvery(40, 80, 5);
    assertThat(tl.pipeline.explain(inhibited)).isEmpty();
    assertThat(tl.summary("noc")).hasSize(2).last().asString().contains("firing", "n1(cleared)");
  }

  @Test
  void aFlappingAlarmIsNotifiedOnceAndUnmarkedWithHysteresis() {
    NotifyTimeline tl = new NotifyTimeline(oneRoute(), Suppressions.none(),
        new FlapDetector(3, 1, Duration.ofSeconds(120)), EscalationPolicy.NONE, "noc");
    flap(tl, "path:a", 60);
    assertThat(tl.pipeline.explain(tl.open("path:a").id())).map(Suppression::kind).hasValue(Kind.FLAPPING);
    tl.tickEvery(65, 300, 5);

    assertThat(tl.summary("noc")).containsExactly(
        "30 resolved flapping [path:a(cleared)]",
        "190 firing group [path:a]");
    assertThat(tl.pipeline.explain(tl.open("path:a").id())).isEmpty();
  }

  @Test
  void aFlappingNoticeHeldBackByASilenceGoesOutWhenTheSilenceEndsThoughNothingElseChanges() {
    Suppressions suppressions = Suppressions.none();
    suppressions.add(new Silence("", List.of(Matcher.parse("resource=\"path:a\"")), t(0), t(50), "alice", ""));
    NotifyTimeline tl = new NotifyTimeline(oneRoute(), suppressions,
        new FlapDetector(3, 1, Duration.ofSeconds(300)), EscalationPolicy.NONE, "noc");
    // Flapping from the fourth transition (30 s), silenced until 50 s; no transition after 40 s, so
    // only the waiting notice brings the key back before its transitions age out (300 s).
    flap(tl, "path:a", 40);
    tl.tickEvery(45, 100, 5);

    assertThat(tl.summary("noc")).containsExactly("50 firing flapping [path:a]");
  }

  /** Fires the resource at 0, 20, 40 … s and resolves it at 10, 30 … s up to {@code until}, ticking every 5 s. */
  private static void flap(NotifyTimeline tl, String resource, long until) {
    for (long s = 0; s <= until; s += 5) {
      if (s % 20 == 0) {
        tl.fire(s, LOSS, resource);
      } else if (s % 20 == 10) {
        tl.resolve(s, LOSS, resource);
      }
      tl.tickAt(s);
    }
  }

  @Test
  void unacknowledgedCriticalAlarmsEscalateLevelByLevelAndAckStopsIt() {
    EscalationPolicy policy = new EscalationPolicy(Set.of(Severity.CRITICAL), List.of(
        new EscalationPolicy.Level(Duration.ofSeconds(60), "oncall"),
        new EscalationPolicy.Level(Duration.ofSeconds(300), "manager")));
    NotifyTimeline tl = new NotifyTimeline(oneRoute(), Suppressions.none(), FlapDetector.defaults(), policy,
        "noc", "oncall", "manager");
    tl.alert(0, "\"alertname\":\"NodeDown\",\"instance\":\"n1\",\"severity\":\"critical\"", false);
    tl.alert(0, "\"alertname\":\"NodeDown\",\"instance\":\"n2\",\"severity\":\"critical\"", false);
    tl.alert(0, "\"alertname\":\"DiskSlow\",\"instance\":\"n3\",\"severity\":\"warning\"", false);
    tl.tickEvery(0, 25, 5);
    tl.at(30).engine.acknowledge(tl.open("n2").id(), "carol");
    tl.tickEvery(30, 400, 10);

    assertThat(tl.summary("oncall")).containsExactly("60 firing escalation level 1 [n1]");
    assertThat(tl.summary("manager")).containsExactly("300 firing escalation level 2 [n1]");
    assertThat(tl.summary("noc")).containsExactly("10 firing group [n1, n2, n3]");
  }

  @Test
  void theHighestLevelReachedIsReNotifiedUntilAcknowledged() {
    EscalationPolicy policy = new EscalationPolicy(Set.of(Severity.CRITICAL), List.of(
        new EscalationPolicy.Level(Duration.ofSeconds(60), "oncall"),
        new EscalationPolicy.Level(Duration.ofSeconds(300), "manager")), Duration.ofSeconds(100));
    NotifyTimeline tl = new NotifyTimeline(oneRoute(), Suppressions.none(), FlapDetector.defaults(), policy,
        "noc", "oncall", "manager");
    tl.alert(0, "\"alertname\":\"NodeDown\",\"instance\":\"n1\",\"severity\":\"critical\"", false);
    tl.tickEvery(0, 500, 10);
    tl.at(505).engine.acknowledge(tl.open("n1").id(), "dave");
    tl.tickEvery(510, 900, 10);

    assertThat(tl.summary("oncall")).containsExactly("60 firing escalation level 1 [n1]",
        "160 firing escalation level 1 repeated [n1]", "260 firing escalation level 1 repeated [n1]");
    assertThat(tl.summary("manager")).containsExactly("300 firing escalation level 2 [n1]",
        "400 firing escalation level 2 repeated [n1]", "500 firing escalation level 2 repeated [n1]");
  }

  @Test
  void routesByMatchersWithContinue() {
    Router router = new Router(List.of(
        route("critical", "pager", List.of("severity=critical")).andContinue(),
        route("links", "netops", List.of("resource=~link:.*|path:.*"))),
        route("default", "noc", List.of()));
    NotifyTimeline tl = new NotifyTimeline(router, Suppressions.none(), FlapDetector.defaults(),
        EscalationPolicy.NONE, "pager", "netops", "noc");
    tl.alert(0, "\"alertname\":\"LinkDown\",\"resource\":\"link:a~b\",\"severity\":\"critical\"", false);
    tl.alert(0, "\"alertname\":\"DiskSlow\",\"instance\":\"n3\",\"severity\":\"warning\"", false);
    tl.tickEvery(0, 20, 5);

    assertThat(tl.summary("pager")).containsExactly("10 firing group [link:a~b]");
    assertThat(tl.summary("netops")).containsExactly("10 firing group [link:a~b]");
    assertThat(tl.summary("noc")).containsExactly("10 firing group [n3]");
  }
}
