package io.sextant.runbook.safety;

import static io.sextant.common.config.Keys.key;

import io.sextant.common.config.ConfigException;
import io.sextant.common.config.Keys;
import io.sextant.common.config.YamlFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The initial state of a node's {@link AutomationControl}, its {@code automation:} section.
 *
 * @param maxActionsPerSiteHour actions admitted per site in any hour, across all runbooks
 */
public record AutomationSettings(boolean dryRun, boolean paused, List<String> pausedSites, int maxActionsPerSiteHour,
    List<ChangeFreeze> freezes) {
  public static final int DEFAULT_MAX_ACTIONS_PER_SITE_HOUR = 20;

  public static final Keys KEYS = Keys.of("automation", "The safety switches; the initial state of the node's "
      + "automation control, which the centre's API changes at run time (docs/remediation.md).",
      key("dry-run", "true or false", "false", "plan, guard and audit every action, apply none"),
      key("paused", "true or false", "false", "no automated action at any site (each is audited as rejected)"),
      key("paused-sites", "list of names", "—", "sites where automation is paused"),
      key("max-actions-per-site-per-hour", "whole number", String.valueOf(DEFAULT_MAX_ACTIONS_PER_SITE_HOUR),
          "a budget across all runbooks: more actions at one site in any hour are rejected"),
      key("freezes", "list", "—", "change freezes (below): no automated change at the matching sites between "
          + "`from` and `until`"));
  public static final Keys FREEZE_KEYS = Keys.of("automation.freezes[]", "",
      key("id", "name", "required", "names the freeze in the audit"),
      key("sites", "list of globs", "all sites", "the sites it covers"),
      key("from", "ISO-8601 instant", "required", "start"),
      key("until", "ISO-8601 instant", "required", "end (exclusive)"),
      key("reason", "text", "—", "shown in the audit"));

  public AutomationSettings {
    pausedSites = pausedSites == null ? List.of() : List.copyOf(pausedSites);
    freezes = freezes == null ? List.of() : List.copyOf(freezes);
    if (maxActionsPerSiteHour < 1) {
      throw new ConfigException("automation.max-actions-per-site-per-hour: must be at least 1, got "
          + maxActionsPerSiteHour);
    }
  }

  public static AutomationSettings defaults() {
    return new AutomationSettings(false, false, List.of(), DEFAULT_MAX_ACTIONS_PER_SITE_HOUR, List.of());
  }

  /** Reads the section ({@code null}: the defaults). */
  public static AutomationSettings read(Map<String, Object> m) {
    if (m == null) {
      return defaults();
    }
    String p = KEYS.prefix();
    YamlFields.known(m, KEYS.names(), p);
    List<ChangeFreeze> freezes = new ArrayList<>();
    List<Map<String, Object>> items = YamlFields.mappings(m, "freezes", p, FREEZE_KEYS.names(),
        "- id: release, from: 2026-12-01T20:00:00Z, until: 2026-12-02T06:00:00Z");
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> f = items.get(i);
      String fp = p + "freezes[" + i + "].";
      for (String required : Set.of("id", "from", "until")) {
        YamlFields.required(f, required, fp);
      }
      try {
        freezes.add(new ChangeFreeze(YamlFields.string(f, "id", fp, null), YamlFields.list(f, "sites", fp),
            YamlFields.instant(f, "from", fp), YamlFields.instant(f, "until", fp),
            YamlFields.string(f, "reason", fp, "")));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(fp + " " + e.getMessage(), e);
      }
    }
    return new AutomationSettings(YamlFields.bool(m, "dry-run", p, false), YamlFields.bool(m, "paused", p, false),
        YamlFields.list(m, "paused-sites", p),
        (int) YamlFields.integer(m, "max-actions-per-site-per-hour", p, DEFAULT_MAX_ACTIONS_PER_SITE_HOUR), freezes);
  }
}
