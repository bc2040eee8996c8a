package io.sextant.node.central.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.common.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CentralConfigFileTest {
  private static final String BUS = "bus: {type: pulsar, service-url: 'pulsar://127.0.0.1:6650'}\n";
  private static final String SITES = "sites: [edge-1]\n";

  @Test
  void readsEveryField(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("alarms.yaml"), "api: {port: 12345}\nreceivers: [{name: ops, type: webhook, url: 'http://h/x'}]\n"
        + "route: {receiver: ops}\n");
    Path f = Files.writeString(dir.resolve("central.yaml"), """
        site: hq
        sites: [edge-1, edge-2]
        interval: 5s
        bus: {service-url: 'pulsar://pulsar:6650', tenant: acme, fan-in-threads: 2}
        store: {jdbc-url: 'jdbc:postgresql://db:5432/sextant', user: sx, password-env: PW,
                remote-write-listen: '127.0.0.1:9201', retention: {raw: 15d}}
        policy-file: upload-policy.yaml
        topology-file: topology.yaml
        models: {key-dir: keys, every: 12h, training-window: 3d, release: all}
        alarms: alarms.yaml
        http: {listen: '0.0.0.0:0'}
        learned-calls-max-age: 20m
        """);
    CentralConfig c = CentralConfigFile.load(f);
    assertThat(c.learnedCallsMaxAge()).isEqualTo(Duration.ofMinutes(20));
    assertThat(c.namespace()).isEqualTo("hq");
    assertThat(c.servedSites()).containsExactly("edge-1", "edge-2");
    assertThat(c.interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.bus().pulsarConfig("hq").topicName("alarms")).isEqualTo("persistent://acme/hq/alarms");
    assertThat(c.fanInThreads()).isEqualTo(2);
    assertThat(c.store().user()).isEqualTo("sx");
    assertThat(c.store().remoteWriteListen()).isEqualTo(new java.net.InetSocketAddress("127.0.0.1", 9201));
    assertThat(c.retention().raw()).isEqualTo(Duration.ofDays(15));
    assertThat(c.policyFile()).isEqualTo(dir.resolve("upload-policy.yaml"));
    assertThat(c.topologyFile()).isEqualTo(dir.resolve("topology.yaml"));
    assertThat(c.models().keyDir()).isEqualTo(dir.resolve("keys"));
    assertThat(c.models().every()).isEqualTo(Duration.ofHours(12));
    assertThat(c.models().canary()).isFalse();
    assertThat(c.http()).isEqualTo(new java.net.InetSocketAddress("0.0.0.0", 0));
    assertThat(c.alarms().receivers()).containsOnlyKeys("ops");
  }

  @Test
  void theAlarmServiceMayBeInlineAndHasItsDefaults() {
    CentralConfig inline = CentralConfigFile.parse(BUS + SITES + "alarms: {flapping: {markAbove: 6}}\n"
        + "http: {listen: off}\n", null);
    assertThat(inline.alarms().flapMarkAbove()).isEqualTo(6);
    assertThat(inline.http()).as("no HTTP port").isNull();
    CentralConfig plain = CentralConfigFile.parse(BUS + SITES, null);
    assertThat(plain.http()).as("Alertmanager's port, so amtool works as it is")
        .isEqualTo(new java.net.InetSocketAddress("127.0.0.1", 9093));
    assertThat(plain.namespace()).isEqualTo("central");
    assertThat(plain.learnedCallsMaxAge()).isEqualTo(Duration.ofHours(1));
    assertThat(plain.fanInThreads()).isEqualTo(CentralConfig.DEFAULT_FAN_IN_THREADS);
    assertThat(plain.alarms().receivers()).as("no receivers configured: alarms are served, notified nowhere")
        .containsOnlyKeys("none");
    assertThat(plain.alarms().router().routesFor(java.util.Map.of())).extracting(r -> r.receiver()).containsExactly("none");
  }

  @Test
  void theAlarmCatalogAndTheNoDataWatch(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("catalog.yaml"), """
        detections:
          - metric: up
            eventType: communicationsAlarm
            probableCause: connectionEstablishmentError
            perceivedSeverity: critical
            specificProblem: exporter unreachable
        """);
    CentralConfig c = CentralConfigFile.parse(BUS + SITES + "alarm-catalog: catalog.yaml\n"
        + "no-data: {after: 30s, behind-after: 5m, behind-checks: 2}\n", dir);
    assertThat(c.catalog().forMetric("up").severity()).isEqualTo(io.sextant.common.model.Severity.CRITICAL);
    assertThat(c.catalog().forMetric("probe_loss_ratio")).as("the built-in entries stay")
        .isEqualTo(io.sextant.alarm.raise.AlarmCatalog.defaults().forMetric("probe_loss_ratio"));
    assertThat(c.noData().after()).isEqualTo(java.time.Duration.ofSeconds(30));
    assertThat(c.noData().samplesAfter()).as("defaults to after").isEqualTo(java.time.Duration.ofSeconds(30));
    assertThat(c.noData().behindAfter()).isEqualTo(java.time.Duration.ofMinutes(5));
    assertThat(c.noData().behindChecks()).isEqualTo(2);
    assertThat(CentralConfigFile.parse(BUS + SITES, dir).noData())
        .isEqualTo(io.sextant.central.liveness.NoDataSettings.defaults());
  }

  @Test
  void aBadCatalogEntryNamesTheCatalogFileAndTheField(@TempDir Path dir) throws Exception {
    Path catalog = Files.writeString(dir.resolve("catalog.yaml"), """
        detections:
          - metric: up
            eventType: communicationsAlarm
            probableCause: exporterGone
            perceivedSeverity: major
            specificProblem: exporter unreachable
        """);
    Path central = Files.writeString(dir.resolve("central.yaml"), BUS + SITES + "alarm-catalog: catalog.yaml\n");
    assertThatThrownBy(() -> CentralConfigFile.load(central)).isInstanceOf(ConfigException.class)
        .hasMessage(central + ": alarm-catalog: " + catalog + ": detections[0].probableCause: unknown probable cause "
            + "'exporterGone'; X.721, M.3100 and 3GPP names are known, declare others under probableCauses");
  }

  @Test
  void theHttpSectionSecuresTheListeners(@TempDir Path dir) {
    CentralConfig c = CentralConfigFile.parse(BUS + SITES + """
        http:
          listen: '127.0.0.1:0'
          tokens-file: tokens.yaml
          tls: {certificate: cert.pem, private-key: key.pem, client-ca: ca.pem}
          rate-limit: {per-second: 2.5}
        """, dir);
    assertThat(c.tokensFile()).isEqualTo(dir.resolve("tokens.yaml"));
    assertThat(c.security().tls()).isEqualTo(new io.sextant.common.security.TlsFiles(dir.resolve("cert.pem"),
        dir.resolve("key.pem"), dir.resolve("ca.pem")));
    assertThat(c.security().rateLimit()).isEqualTo(new io.sextant.common.security.RateLimit(2.5, 3));
    assertThat(CentralConfigFile.parse(BUS + SITES, dir).security())
        .isEqualTo(io.sextant.common.security.HttpSecurity.NONE);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "missing bus        | sites: [e]                                               | bus: required",
      "no sites           | BUS                                                      | sites: required when there is no simulation",
      "an edge's key      | BUS SITES data-dir: d                                    | data-dir: unknown key",
      "unknown bus key    | SITES bus: {service-url: 'pulsar://h:1', url: x}          | bus.url: unknown key",
      "fan-in threads     | SITES bus: {service-url: 'pulsar://h:1', fan-in-threads: 0} | bus.fan-in-threads: must be at least 1",
      "bad jdbc url       | BUS SITES store: {jdbc-url: 'mysql://x'}                 | store.jdbc-url: must be a jdbc:postgresql: URL",
      "bad remote write   | BUS SITES store: {remote-write-listen: 'localhost'}      | store.remote-write-listen: must be host:port",
      "short retention    | BUS SITES store: {retention: {raw: 12h}}                 | store.retention: raw retention must be at least 1 day",
      "unknown retention  | BUS SITES store: {retention: {forever: 1d}}              | store.retention.forever: unknown key",
      "bad release        | BUS SITES models: {release: sometimes}                   | models.release: must be all or canary",
      "zero every         | BUS SITES models: {every: 0s}                            | must be positive",
      "an edge's model key | BUS SITES models: {trusted-keys: [k]}                   | models.trusted-keys: unknown key",
      "bad site name      | site: 'a/b'\\nBUS SITES                                  | site: 'a/b' must be",
      "sites not a list   | sites: central\\nBUS                                     | sites: must be a list",
      "sim and topology   | BUS simulation: {start-wall: 2026-11-23T18:00:00Z}\\ntopology-file: t.yaml | topology-file: a simulated centre",
      "alarm api inline   | BUS SITES alarms: {api: {port: 9999}}                    | alarms.api: the centre serves",
      "bad alarms         | BUS SITES alarms: {flapping: {window: soon}}             | alarms: flapping.window",
      "bad http listen    | BUS SITES http: {listen: 'localhost'}                    | http.listen: must be host:port",
      "unknown http key   | BUS SITES http: {port: 1}                                | http.port: unknown key",
      "tls without key    | BUS SITES http: {tls: {certificate: c.pem}}              | http.tls.private-key: required",
      "unknown tls key    | BUS SITES http: {tls: {cert: c.pem}}                     | http.tls.cert: unknown key",
      "rate without rate  | BUS SITES http: {rate-limit: {burst: 5}}                 | http.rate-limit.per-second: required",
      "zero rate          | BUS SITES http: {rate-limit: {per-second: 0}}            | rate-limit.per-second: must be a positive",
      "zero burst         | BUS SITES http: {rate-limit: {per-second: 1, burst: 0}}  | rate-limit.burst: must be at least 1",
      "alarms a number    | BUS SITES alarms: 3                                      | alarms: must be a mapping",
      "not yaml           | bus: [unclosed                                           | not valid YAML",
      "no-data duration   | BUS SITES no-data: {after: soon}                         | no-data.after: 'soon' is not a duration",
      "no-data zero       | BUS SITES no-data: {after: 0s}                           | no-data: durations must be positive",
      "no-data unknown    | BUS SITES no-data: {silence: 1m}                         | no-data.silence: unknown key",
      "learned calls 0s   | BUS SITES learned-calls-max-age: 0s                      | learned-calls-max-age: must be longer than 0",
  })
  void badFilesAreRefusedNamingTheField(String name, String yaml, String message) {
    String text = yaml.replace("\\n", "\n").replace("BUS ", BUS).replace("BUS", BUS).replace("SITES ", SITES)
        .replace("SITES", SITES);
    assertThatThrownBy(() -> CentralConfigFile.parse(text, null)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }
}
