package io.sextant.alarm.service.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.alarm.notify.Route;
import io.sextant.alarm.service.AlarmServiceConfig;
import io.sextant.alarm.service.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** {@code alertmanagerConfig:} in the alarm service's file, beside Sextant's own receivers. */
class ImportedServiceConfigTest {
  static final Path DIR = AlertmanagerConfigTest.resource("noc.yml").getParent();

  static AlarmServiceConfig parse(String yaml) {
    return AlarmServiceConfig.parse(new Yaml().load(yaml), "alarms", DIR);
  }

  @Test
  void sextantsOwnReceiverGivesAnImportedOneWithoutIntegrationsItsSmsGateway() {
    AlarmServiceConfig config = parse("""
        alertmanagerConfig: noc.yml
        receivers:
          - {name: sms-oncall, type: sms, url: 'http://127.0.0.1:9099/sms', to: ['+33600000001']}
          - {name: duty-manager, type: sms, url: 'http://127.0.0.1:9099/sms', to: ['+33600000002']}
        escalation:
          levels: [{after: 30m, receiver: duty-manager}]
        """);
    assertThat(config.receivers().get("sms-oncall").type()).isEqualTo("sms");
    assertThat(config.receivers().get("on-call").type()).isEqualTo("fanout");
    assertThat(config.receivers()).containsKey("duty-manager");
    assertThat(config.router().routesFor(Map.of("service", "billing"))).extracting(Route::receiver)
        .containsExactly("sms-oncall");
    assertThat(config.inhibitRules()).hasSize(3);
  }

  @Test
  void routesAndRulesComeFromOneFileOnly() {
    assertThatThrownBy(() -> parse("{alertmanagerConfig: noc.yml, route: {receiver: x}}"))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("route: the Alertmanager configuration");
    assertThatThrownBy(() -> parse("""
        alertmanagerConfig: noc.yml
        receivers: [{name: on-call, type: webhook, url: 'http://127.0.0.1:1/'}]
        """)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("'on-call' is also a receiver with integrations in the Alertmanager configuration");
    assertThatThrownBy(() -> parse("alertmanagerConfig: unsupported.yml")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("unsupported.yml: receivers[2].opsgenie_configs is not supported by Sextant");
  }
}
