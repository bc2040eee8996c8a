package io.sextant.deploy.process;

import io.sextant.common.bus.Topic;

/**
 * Fully-qualified Pulsar topic names: a site's namespace holds what its edge publishes
 * ({@code persistent://sextant/edge-1/samples}) and the commands the centre sends it
 * ({@code persistent://sextant/edge-1/commands}). The bus uses such a name as is.
 */
public final class SiteTopics {
  private SiteTopics() {}

  public static String of(String tenant, String site, String topic) {
    return "persistent://" + tenant + "/" + site + "/" + topic;
  }

  public static String commands(String tenant, String site) {
    return of(tenant, site, Topic.COMMANDS.name());
  }
}
