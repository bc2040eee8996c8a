package io.sextant.alarm.service.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.alarm.notify.Route;
import io.sextant.alarm.notify.Router;
import io.sextant.alarm.service.ConfigException;
import io.sextant.alarm.service.ReceiverSpec;
import io.sextant.alarm.silence.InhibitRule;
import io.sextant.alarm.silence.TimeInterval;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class AlertmanagerConfigTest {
  static Path resource(String name) {
    try {
      return Path.of(AlertmanagerConfigTest.class.getResource("/alertmanager/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Route named(Router router, String name) {
    return router.all().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aNocConfigurationLoadsAsItIs() {
    AlertmanagerConfig am = AlertmanagerConfig.load(resource("noc.yml"));
    Router router = am.router();
    assertThat(router.all()).extracting(Route::name).containsExactly("route.routes[0]", "route.routes[1]",
        "route.routes[1].routes[0]", "route.routes[1].routes[0].routes[0]", "route.routes[1].routes[1]",
        "route.routes[2]", "route.routes[3]", "route.routes[4]", "route");
    Route root = router.root().route();
    assertThat(root.groupBy()).containsExactly("alertname", "site");
    // Inherited from the parents unless set: receiver, grouping, timings; matchers are each route's own.
    Route tickets = named(router, "route.routes[1].routes[0].routes[0]");
    assertThat(tickets.receiver()).isEqualTo("network-tickets");
    assertThat(tickets.groupBy()).containsExactly("alertname", "site", "link");
    assertThat(tickets.groupWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(tickets.matchers()).hasToString("[severity=~\"warning|minor\", alertname!=\"LinkFlap\"]");
    assertThat(tickets.muteTimeIntervals()).extracting(TimeInterval::name).containsExactly("weekends");
    assertThat(named(router, "route.routes[0]").groupWait()).isEqualTo(Duration.ofSeconds(10));
    assertThat(named(router, "route.routes[0]").continueMatching()).isTrue();
    assertThat(named(router, "route.routes[1].routes[1]").repeatInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(named(router, "route.routes[1].routes[0]").matchers()).hasToString("[site=~\"core-.*|pop-[0-9]+\"]");
    assertThat(named(router, "route.routes[2]").groupsByAll()).isTrue();
    Route storage = named(router, "route.routes[2]");
    assertThat(storage.activeTimeIntervals()).extracting(TimeInterval::name).containsExactly("office-hours");
    assertThat(storage.mutedAt(Instant.parse("2025-03-04T10:00:00Z"))).isFalse(); // Tuesday 11:00 in Paris
    assertThat(storage.mutedAt(Instant.parse("2025-03-04T18:00:00Z"))).isTrue();
    Route billing = named(router, "route.routes[3]");
    assertThat(billing.mutedAt(Instant.parse("2025-02-27T12:00:00Z"))).isTrue();
    assertThat(billing.mutedAt(Instant.parse("2025-02-25T12:00:00Z"))).isFalse();

    Map<String, ReceiverSpec> r = am.receivers();
    assertThat(r.keySet()).containsExactly("noc-mail", "on-call", "network", "network-core", "network-tickets",
        "network-pager", "storage", "sms-oncall", "blackhole");
    ReceiverSpec mail = r.get("noc-mail").parts().get(0);
    assertThat(mail.type()).isEqualTo("email");
    assertThat(mail.settings()).containsEntry("host", "127.0.0.1").containsEntry("port", "2525")
        .containsEntry("from", "alertmanager@noc.example.net").containsEntry("sendResolved", "false");
    assertThat(mail.to()).containsExactly("noc@noc.example.net", "noc-archive@noc.example.net");
    assertThat(r.get("on-call").parts()).extracting(ReceiverSpec::type).containsExactly("pagerduty", "webhook");
    assertThat(r.get("on-call").parts().get(0).settings()).containsEntry("url", "http://127.0.0.1:9099/pagerduty")
        .containsEntry("routingKey", "0123456789abcdef0123456789abcdef").containsEntry("sendResolved", "true");
    assertThat(r.get("on-call").parts().get(1).settings()).containsEntry("sendResolved", "false");
    assertThat(r.get("network").parts().get(0).settings()).containsEntry("url", "http://127.0.0.1:9099/slack")
        .containsEntry("channel", "#network").containsEntry("username", "sextant").containsEntry("sendResolved", "true");
    assertThat(r.get("network-core").parts().get(0).settings()).containsEntry("url", "http://127.0.0.1:9099/slack-core")
        .containsEntry("sendResolved", "false");
    assertThat(r.get("storage").parts().get(0).settings()).containsEntry("port", "2526");
    assertThat(r.get("sms-oncall").type()).isEqualTo(ReceiverSpec.NONE);

    assertThat(am.inhibitRules()).extracting(InhibitRule::name).containsExactly("inhibit_rules[0]", "inhibit_rules[1]",
        "inhibit_rules[2]");
    assertThat(am.inhibitRules().get(2).source()).hasToString("[alertname=~\"Node(Down|Unreachable)\"]");
    assertThat(am.inhibitRules().get(1).equal()).containsExactly("alertname", "site");
  }

  @Test
  void whatSextantCannotDoIsRefusedByNameAllAtOnce() {
    assertThatThrownBy(() -> AlertmanagerConfig.load(resource("unsupported.yml"))).isInstanceOf(ConfigException.class)
        .hasMessage(String.join("\n",
            "unsupported.yml: templates[0] (templates/*.tmpl: 1 file(s)) is not supported by Sextant (it renders no Go "
                + "templates; its notifications have their own text)",
            "unsupported.yml: global.smtp_auth_username is not supported by Sextant (Sextant's e-mail goes to a trusted "
                + "relay without TLS or authentication)",
            "unsupported.yml: global.smtp_auth_password is not supported by Sextant (Sextant's e-mail goes to a trusted "
                + "relay without TLS or authentication)",
            "unsupported.yml: receivers[0].email_configs[0].require_tls is true (Alertmanager's default), and Sextant's "
                + "e-mail speaks no TLS: set require_tls or global.smtp_require_tls to false for a trusted local relay",
            "unsupported.yml: receivers[1].slack_configs[0].text is not supported by Sextant in a slack config "
                + "(supported: api_url, api_url_file, channel, icon_emoji, icon_url, send_resolved, username)",
            "unsupported.yml: receivers[2].opsgenie_configs is not supported by Sextant (supported: webhook_configs, "
                + "slack_configs, pagerduty_configs, email_configs)",
            "unsupported.yml: receivers[2].pagerduty_configs[0].service_key is not supported by Sextant (PagerDuty's "
                + "Events API v1; Sextant sends Events API v2: use routing_key)",
            "unsupported.yml: receivers[2].webhook_configs[0].http_config is not supported by Sextant in a webhook "
                + "config (supported: max_alerts, send_resolved, url, url_file)",
            "unsupported.yml: global.resolve_timeout 1m is not supported by Sextant (an alert posted without an end is "
                + "taken as firing for 5m, Alertmanager's default)"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      opsgenie           | receivers: [{name: a}, {name: b}, {name: c, opsgenie_configs: [{api_key: k}]}]                    | alertmanager.yml: receivers[2].opsgenie_configs is not supported by Sextant (supported: webhook_configs, slack_configs, pagerduty_configs, email_configs)
      victorops          | receivers: [{name: a, victorops_configs: [{routing_key: k}]}, {name: b}, {name: c}]              | alertmanager.yml: receivers[0].victorops_configs is not supported by Sextant
      wechat             | receivers: [{name: a, wechat_configs: [{}]}, {name: b}, {name: c}]                                 | alertmanager.yml: receivers[0].wechat_configs is not supported by Sextant
      sns                | receivers: [{name: a, sns_configs: [{}]}, {name: b}, {name: c}]                                    | alertmanager.yml: receivers[0].sns_configs is not supported by Sextant
      msteams            | receivers: [{name: a, msteams_configs: [{}]}, {name: b}, {name: c}]                                | alertmanager.yml: receivers[0].msteams_configs is not supported by Sextant
      pagerduty template | receivers: [{name: a, pagerduty_configs: [{routing_key: k, description: x}]}, {name: b}, {name: c}] | alertmanager.yml: receivers[0].pagerduty_configs[0].description is not supported by Sextant in a pagerduty config
      email headers      | receivers: [{name: a, email_configs: [{to: x@y, from: a@b, smarthost: 'h:25', require_tls: false, headers: {Subject: s}}]}, {name: b}, {name: c}] | alertmanager.yml: receivers[0].email_configs[0].headers is not supported by Sextant (Sextant's e-mail text is its own
      webhook max_alerts | receivers: [{name: a, webhook_configs: [{url: 'http://h/', max_alerts: 5}]}, {name: b}, {name: c}] | alertmanager.yml: receivers[0].webhook_configs[0].max_alerts is not supported by Sextant (Sextant sends every alarm of the group)
      slack templated    | receivers: [{name: a, slack_configs: [{api_url: 'http://h/', channel: '{{ .CommonLabels.team }}'}]}, {name: b}, {name: c}] | alertmanager.yml: receivers[0].slack_configs[0].channel is not supported by Sextant as a Go template
      global http_config | {global: {http_config: {}}, receivers: [{name: a}, {name: b}, {name: c}]}                         | alertmanager.yml: global.http_config is not supported by Sextant
      """)
  void anUnsupportedFeatureIsRefusedByName(String name, String receivers, String message) {
    String yaml = "route: {receiver: a, routes: [{matchers: [x=\"1\"], receiver: b}, {matchers: [x=\"2\"], receiver: c}]}\n"
        + (receivers.startsWith("{") ? receivers.substring(1, receivers.length() - 1).replace(", receivers:",
            "\nreceivers:") : receivers);
    Object doc = new Yaml().load(yaml);
    assertThatThrownBy(() -> AlertmanagerConfig.parse(doc, "alertmanager.yml", Path.of("")))
        .isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown route key   | route: {receiver: a, routes: [{matcher: ['x=1']}]}                        | alertmanager.yml: route.routes[0].matcher is not a route setting
      matchers on root    | route: {receiver: a, matchers: ['x=1']}                                   | alertmanager.yml: route.matchers is not allowed on the root route
      no root receiver    | route: {group_by: [a]}                                                    | alertmanager.yml: route.receiver is required on the root route
      unknown interval    | route: {receiver: a, routes: [{receiver: a, mute_time_intervals: [x]}]}   | alertmanager.yml: route.routes[0].mute_time_intervals names 'x', which is not in time_intervals
      unknown receiver    | route: {receiver: a, routes: [{receiver: zz}]}                            | alertmanager.yml: route.routes[0].receiver 'zz' is not in receivers
      bad matcher         | route: {receiver: a, routes: [{matchers: ['x=~"("']}]}                    | alertmanager.yml: route.routes[0].matchers[0] is invalid: matcher x=~"(" has an invalid regex
      bad duration        | route: {receiver: a, group_wait: soon}                                    | alertmanager.yml: route.group_wait 'soon' is not a duration
      '...' with others   | route: {receiver: a, group_by: ['...', site]}                             | alertmanager.yml: route.group_by has '...' beside other labels
      unknown top key     | {route: {receiver: a}, receviers: []}                                     | alertmanager.yml: receviers is not an Alertmanager setting
      """)
  void aBrokenFileIsRefusedWithItsField(String name, String yaml, String message) {
    String text = (yaml.startsWith("{") ? yaml : yaml + "\nreceivers: [{name: a}]") ;
    Object doc = new Yaml().load(text);
    assertThatThrownBy(() -> AlertmanagerConfig.parse(doc, "alertmanager.yml", Path.of("")))
        .isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }

  @Test
  void secretsComeFromFilesNextToTheConfiguration(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("slack.url"), "http://127.0.0.1:9099/from-file\n");
    Files.writeString(dir.resolve("am.yml"), """
        global: {slack_api_url_file: slack.url}
        route: {receiver: a}
        receivers:
          - name: a
            slack_configs: [{channel: '#x'}]
            webhook_configs: [{url_file: slack.url}]
        """);
    AlertmanagerConfig am = AlertmanagerConfig.load(dir.resolve("am.yml"));
    assertThat(am.receivers().get("a").parts()).extracting(p -> p.settings().get("url"))
        .containsExactly("http://127.0.0.1:9099/from-file", "http://127.0.0.1:9099/from-file");
  }

  @Test
  void debiansExampleIsRefusedForWhatSextantCannotDoAndItsRoutingReadsAsItIs() {
    Path debian = Path.of("/etc/prometheus/alertmanager.yml");
    if (!Files.exists(debian)) {
      return; // covered by AlertmanagerRoutesIT, which requires it when run as root (CI)
    }
    assertThatThrownBy(() -> AlertmanagerConfig.load(debian)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("alertmanager.yml: global.smtp_auth_username is not supported by Sextant")
        .hasMessageContaining("alertmanager.yml: receivers[0].email_configs[0].require_tls is true (Alertmanager's "
            + "default)")
        .hasMessageContaining("alertmanager.yml: receivers[1].pagerduty_configs[0].service_key is not supported by "
            + "Sextant (PagerDuty's Events API v1");
    assertThat(AlertmanagerConfig.routes(debian).routesFor(Map.of("service", "database", "owner", "team-Y")))
        .extracting(Route::receiver).containsExactly("team-Y-pager");
  }
}
