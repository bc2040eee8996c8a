package io.sextant.deploy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.common.codec.JsonCodec;
import io.sextant.central.protect.ProtectionSettings;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.RankedCause;
import io.sextant.central.diagnose.Diagnoser;
import io.sextant.deploy.cli.SextantCommand;
import io.sextant.common.security.ApiTokens;
import io.sextant.store.PostgresStore;
import io.sextant.store.StoreConfig;
import io.sextant.store.Stores;
import io.sextant.testkit.postgres.SharedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * The whole system end to end, against a real (embedded) PostgreSQL: every fault of the demo's
 * schedule detected and located, each one a runbook repairs repaired within 60 simulated seconds,
 * the dependency fault's root ranked first with its symptoms grouped under it, no false alarm, for
 * several seeds and sizes. The score is computed from what the store recorded.
 */
class DemoIT {

  @ParameterizedTest(name = "seed {0}, {1} edge sites")
  @CsvSource({"7, 3", "42, 3", "1, 5"})
  void everyFaultIsRepairedWithinAMinuteWithNoFalseAlarm(long seed, int sites) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DemoReport report;
    try (PostgresStore store = Stores.open(StoreConfig.external(SharedPostgres.fresh("demoit").jdbcUrl(), SharedPostgres.USER, null))) {
      report = Demo.run(new Demo.Options(seed, sites, 0, Demo.Options.DEFAULT_WARMUP, false), store,
          new PrintStream(out, true, StandardCharsets.UTF_8));
      assertThat(store.auditLog()).extracting(e -> e.state())
          .contains(ActionState.PROPOSED, ActionState.APPROVED, ActionState.APPLIED, ActionState.VERIFIED);
      assertDependencyFaultRankedAndGrouped(report, store);
    }
    String timeline = out.toString(StandardCharsets.UTF_8);
    assertThat(report.faults()).hasSize(4).allSatisfy(f -> {
      assertThat(f.detected()).as("%s detected", f.id()).isTrue();
      assertThat(f.locatedCorrectly()).as("%s located", f.id()).isTrue();
      if (f.repairExpected()) {
        assertThat(f.repaired()).as("%s repaired", f.id()).isTrue();
        assertThat(f.timeToRepair()).as("%s time to repair", f.id()).isLessThanOrEqualTo(60.0);
      }
    });
    assertThat(report.faults()).filteredOn(f -> !f.repairExpected()).extracting(DemoReport.FaultScore::kind)
        .containsExactly("SERVICE_SLOW");
    assertThat(timeline).contains("located, not repaired: " + Scorer.DEPENDENCY_NOT_REPAIRED);
    assertThat(report.falseAlarms()).as("false alarms: %s", report.falseAlarmResources()).isZero();
    assertThat(timeline).contains("FAULT INJECTED", "DETECTED", "ALARM RAISED", "LOCATED", "ACTION APPLIED",
        "ACTION VERIFIED", "ALARM CLEARED");
    // The link fault's whole life: rerouted, probed across while rerouted, its alarm cleared once the
    // link healed, the routing restored after the wait-to-restore time, the probes stopped.
    DemoReport.FaultScore link = report.faults().stream().filter(f -> f.kind().equals("LINK_LOSS")).findFirst()
        .orElseThrow();
    assertThat(link.restored()).as("reroute around %s restored", link.target()).isTrue();
    assertThat(link.timeToRestore()).as("restored after the fault ended and the wait-to-restore time")
        .isGreaterThan(Duration.ofMinutes(10).plus(ProtectionSettings.DEFAULT_WAIT_TO_RESTORE).toSeconds());
    // Nothing of the link fault stays open: neither the link's root-cause alarm nor its paths' symptoms.
    assertThat(report.alarmsLeftOpenResources()).as("alarms left open")
        .noneMatch(r -> r.startsWith(link.target() + " ") || r.startsWith("path:"));
    assertInOrder(linesAbout(timeline, link.target()), "ACTION APPLIED     REROUTE", "PROBE START", "FAULT ENDED",
        "ALARM CLEARED", "ACTION APPLIED     RESTORE", "ACTION VERIFIED    RESTORE", "PROBE STOP");
    // The CPU surge's scale-out is given back to the count before it once the load has gone for the
    // hold time, and nothing is left behind: no alarm open (the model's flag on the then-idle
    // replicas clears), every repair undone or kept with its reason (the migration).
    DemoReport.FaultScore cpu = report.faults().stream().filter(f -> f.kind().equals("CPU_SATURATION")).findFirst()
        .orElseThrow();
    assertThat(cpu.restored()).as("scale-out on %s given back", cpu.target()).isTrue();
    assertInOrder(linesAbout(timeline, cpu.target()), "ACTION VERIFIED    SCALE_OUT", "FAULT ENDED",
        "ACTION APPLIED     SCALE_IN", "ACTION VERIFIED    SCALE_IN");
    assertThat(report.faults()).filteredOn(f -> f.kind().equals("GPU_NODE_FAILURE"))
        .allSatisfy(f -> assertThat(f.keptBecause()).as("the migration is kept, with its reason").isNotBlank());
    assertThat(report.alarmsLeftOpenResources()).as("alarms left open").isEmpty();
    assertThat(report.settled()).as("every repair undone or kept: %s", report.faults()).isTrue();
    assertThat(timeline).contains("nothing left behind (no alarm open, every repair undone or kept on purpose): YES");
  }

  /**
   * The slow API: the centre's dependency ranking put it first for the web's alarm, and the web's
   * alarms raised during the fault are grouped under the API's root-cause alarm.
   */
  private static void assertDependencyFaultRankedAndGrouped(DemoReport report, PostgresStore store) {
    DemoReport.FaultScore slow = report.faults().stream().filter(f -> f.kind().equals("SERVICE_SLOW")).findFirst()
        .orElseThrow();
    String web = slow.target().replace("/api", "/web");
    Diagnosis ranked = store.diagnoses().stream()
        .filter(d -> d.locator().equals(Diagnoser.DEPENDENCY_RANKING) && d.target().equals(slow.target()))
        .findFirst().orElseThrow(() -> new AssertionError("no dependency diagnosis of " + slow.target() + " in "
            + store.diagnoses()));
    assertThat(RankedCause.of(ranked)).extracting(RankedCause::resource).as("the ranking")
        .startsWith(slow.target()).contains(web);
    assertThat(ranked.evidence()).contains(web);
    Alarm root = store.alarms().stream().filter(a -> a.resource().equals(slow.target()) && a.rootCause()
        && ranked.id().equals(a.labels().get("diagnosis"))).findFirst()
        .orElseThrow(() -> new AssertionError("no root-cause alarm on " + slow.target()));
    java.util.List<Alarm> symptoms = store.alarms().stream().filter(a -> a.resource().equals(web)
        && !a.raisedTime().isBefore(ranked.time().minus(Duration.ofMinutes(2))) && a.raisedTime().isBefore(ranked.time()))
        .toList();
    assertThat(symptoms).as("the web's alarms before the diagnosis").isNotEmpty()
        .allSatisfy(a -> assertThat(a.parentAlarmId()).as("%s grouped under the root %s", a.id(), root.id())
            .isEqualTo(root.id()));
  }

  /** The timeline's lines naming {@code target}, each without its time. */
  private static java.util.List<String> linesAbout(String timeline, String target) {
    return timeline.lines().filter(l -> l.contains(target + " ") || l.endsWith(target))
        .map(l -> l.replaceFirst("^T\\+\\S+\\s+", "")).toList();
  }

  /** Some line starts with each of {@code starts}, in that order. */
  private static void assertInOrder(java.util.List<String> lines, String... starts) {
    int at = 0;
    for (String start : starts) {
      while (at < lines.size() && !lines.get(at).startsWith(start)) {
        at++;
      }
      assertThat(at).as("a line starting '%s' after the ones before, in:%n%s", start, String.join("\n", lines))
          .isLessThan(lines.size());
      at++;
    }
  }

  /** {@code demo --serve}: after the schedule the centre's port answers with the run's alarms, until stopped. */
  @Test
  void theDemoServesItsApiAfterTheScheduleUntilStopped() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
    AtomicBoolean serving = new AtomicBoolean(true);
    Thread demo;
    try (PostgresStore store = Stores.open(StoreConfig.external(SharedPostgres.fresh("demoit").jdbcUrl(), SharedPostgres.USER, null))) {
      String token = ApiTokens.newToken();
      demo = new Thread(() -> Demo.run(new Demo.Options(7, 1, 0, Demo.Options.DEFAULT_WARMUP, true,
          new InetSocketAddress("127.0.0.1", 0), token, null), store, out, serving::get), "demo-serve");
      demo.start();
      Awaitility.await().atMost(Duration.ofMinutes(5))
          .until(() -> captured.toString(StandardCharsets.UTF_8).contains(Demo.SERVING));
      String text = captured.toString(StandardCharsets.UTF_8);
      String url = text.substring(text.indexOf(Demo.SERVING) + Demo.SERVING.length()).strip().split("\\s")[0];
      assertThat(text).as("the printed admin token").contains(token);
      URI alarmsUri = URI.create(url + "tmf-api/alarmManagement/v4/alarm");
      HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(alarmsUri).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).as("without the token").isEqualTo(401);
      HttpResponse<String> alarms = HttpClient.newHttpClient().send(HttpRequest.newBuilder(alarmsUri)
          .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(alarms.statusCode()).isEqualTo(200);
      JsonNode list = JsonCodec.get().mapper().readTree(alarms.body());
      assertThat(list.size()).as("the run's alarms").isEqualTo(store.alarms().size()).isPositive();
      serving.set(false);
      demo.join(30_000);
      assertThat(demo.isAlive()).isFalse();
    }
  }

  @Test
  void everySubcommandHasHelp() {
    CommandLine cli = new CommandLine(new SextantCommand());
    assertThat(cli.execute("--help")).isZero();
    assertThat(cli.execute("demo", "--help")).isZero();
    assertThat(cli.getSubcommands()).containsKey("demo");
  }
}
