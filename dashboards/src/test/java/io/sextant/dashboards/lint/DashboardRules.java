package io.sextant.dashboards.lint;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.dashboards.model.Dashboard;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rules on the dashboard as a whole. */
final class DashboardRules {
  /** Stable, readable uids: Grafana's URLs (/d/uid) and links between dashboards rest on them. */
  private static final Pattern UID = Pattern.compile("sextant-[a-z0-9-]{1,32}");
  private static final Pattern DASHBOARD_LINK = Pattern.compile("/d/([A-Za-z0-9_-]+)");

  private DashboardRules() {}

  static List<String> identity(Dashboard d, LintContext ctx) {
    List<String> out = new ArrayList<>();
    if (!UID.matcher(d.uid()).matches()) {
      out.add("uid '" + d.uid() + "' is not sextant-<name> (at most 40 characters)");
    }
    if (!d.file().equals(d.uid() + ".json")) {
      out.add("file " + d.file() + " should be named after its uid, " + d.uid() + ".json");
    }
    if (d.json().hasNonNull("id")) {
      out.add("id must be null or absent: Grafana assigns it, provisioning matches on the uid");
    }
    if (!d.title().startsWith("Sextant · ")) {
      out.add("title '" + d.title() + "' does not start with 'Sextant · '");
    }
    if (d.json().path("description").asText().isBlank()) {
      out.add("no description");
    }
    boolean tagged = false;
    for (JsonNode t : d.json().path("tags")) {
      tagged |= t.asText().equals("sextant");
    }
    if (!tagged) {
      out.add("no 'sextant' tag (the dashboards' link menu lists dashboards by it)");
    }
    if (d.json().path("editable").asBoolean(true)) {
      out.add("editable must be false: provisioned dashboards change by export, not in the UI");
    }
    if (!d.json().path("schemaVersion").isInt()) {
      out.add("no schemaVersion");
    }
    return out;
  }

  static List<String> links(Dashboard d, LintContext ctx) {
    List<String> out = new ArrayList<>();
    Matcher m = DASHBOARD_LINK.matcher(d.json().toString());
    while (m.find()) {
      if (!ctx.dashboardUids().contains(m.group(1))) {
        out.add("link to /d/" + m.group(1) + ": no such dashboard");
      }
    }
    return out;
  }
}
