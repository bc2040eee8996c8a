package io.sextant.alarm.service.alertmanager;

import io.sextant.alarm.notify.pagerduty.PagerDutyNotifier;
import io.sextant.alarm.service.ReceiverSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code receivers:} with the {@code global:} defaults. Each supported integration becomes a
 * {@link ReceiverSpec}; a receiver with several is a fan-out, one with none delivers nowhere.
 * Unsupported integrations and settings are added to {@code refused}, by their path.
 */
final class AmReceivers {
  static final List<String> SUPPORTED = List.of("webhook_configs", "slack_configs", "pagerduty_configs",
      "email_configs");
  private static final String SUPPORTED_TEXT = String.join(", ", SUPPORTED);
  /** The global keys Sextant uses; the other integrations' defaults are ignored, as are those integrations (refused). */
  private static final Set<String> GLOBAL_USED = Set.of("resolve_timeout", "smtp_from", "smtp_smarthost", "smtp_hello",
      "smtp_require_tls", "slack_api_url", "slack_api_url_file", "pagerduty_url");
  private static final Set<String> GLOBAL_REFUSED = Set.of("smtp_auth_username", "smtp_auth_password",
      "smtp_auth_password_file", "smtp_auth_identity", "smtp_auth_secret", "smtp_tls_config", "http_config");

  private static final List<String> EMAIL_REFUSED = List.of("auth_username", "auth_password", "auth_password_file",
      "auth_secret", "auth_identity", "tls_config", "headers", "html", "text");

  private final AmNode global;
  private final Path dir;
  private final List<String> refused;

  AmReceivers(AmNode global, Path dir, List<String> refused) {
    this.global = global;
    this.dir = dir;
    this.refused = refused;
    for (String key : global.keys()) {
      if (GLOBAL_REFUSED.contains(key)) {
        refuse(global, key, key.startsWith("smtp_") ? "(Sextant's e-mail goes to a trusted relay without TLS or "
            + "authentication)" : "(HTTP client settings: proxies, TLS, authentication)");
      } else if (!GLOBAL_USED.contains(key) && !key.matches("(opsgenie|wechat|victorops|telegram|webex|jira|rocketchat"
          + "|discord|msteams)_.*")) {
        refused.add(global.source() + ": " + global.field(key) + " is not an Alertmanager setting Sextant knows");
      }
    }
  }

  Map<String, ReceiverSpec> read(List<AmNode> receivers) {
    Map<String, ReceiverSpec> out = new LinkedHashMap<>();
    for (AmNode r : receivers) {
      String name = r.text("name", null);
      if (name == null) {
        throw r.error("name", "is required");
      }
      List<ReceiverSpec> parts = new ArrayList<>();
      for (String key : r.keys()) {
        if (key.equals("name")) {
          continue;
        }
        if (!SUPPORTED.contains(key)) {
          if (key.endsWith("_configs")) {
            if (!r.children(key).isEmpty()) {
              refused.add(r.source() + ": " + r.field(key) + " is not supported by Sextant (supported: "
                  + SUPPORTED_TEXT + ")");
            }
          } else {
            refused.add(r.source() + ": " + r.field(key) + " is not a receiver setting (a receiver has a name and "
                + "integrations: " + SUPPORTED_TEXT + ")");
          }
          continue;
        }
        int i = 0;
        for (AmNode c : r.children(key)) {
          ReceiverSpec spec = switch (key) {
            case "webhook_configs" -> webhook(name + "/" + key + "[" + i + "]", c);
            case "slack_configs" -> slack(name + "/" + key + "[" + i + "]", c);
            case "pagerduty_configs" -> pagerduty(name + "/" + key + "[" + i + "]", c);
            default -> email(name + "/" + key + "[" + i + "]", c);
          };
          if (spec != null) {
            parts.add(spec);
          }
          i++;
        }
      }
      ReceiverSpec spec = parts.isEmpty() ? new ReceiverSpec(name, ReceiverSpec.NONE, Map.of(), List.of())
          : new ReceiverSpec(name, ReceiverSpec.FANOUT, Map.of(), List.of(), parts);
      if (out.put(name, spec) != null) {
        throw r.error("name", "'" + name + "' is used twice");
      }
    }
    return out;
  }

  private ReceiverSpec webhook(String name, AmNode c) {
    allow(c, "webhook", Set.of("url", "url_file", "send_resolved", "max_alerts"));
    if (!c.text("max_alerts", "0").equals("0")) {
      refuse(c, "max_alerts", "(Sextant sends every alarm of the group)");
    }
    String url = secret(c, "url", null, null);
    if (url == null) {
      throw c.error("url", "is required (or url_file)");
    }
    return spec(name, "webhook", c, true, Map.of("url", checkUrl(c, "url", url), "externalUrl", ""), List.of());
  }

  private ReceiverSpec slack(String name, AmNode c) {
    allow(c, "slack", Set.of("api_url", "api_url_file", "send_resolved", "channel", "username", "icon_emoji",
        "icon_url"));
    String url = secret(c, "api_url", global.text("slack_api_url", null), global.text("slack_api_url_file", null));
    if (url == null) {
      throw c.error("api_url", "is required (here or as global.slack_api_url)");
    }
    Map<String, String> s = new LinkedHashMap<>();
    s.put("url", checkUrl(c, "api_url", url));
    for (String f : List.of("channel", "username", "icon_emoji", "icon_url")) {
      if (c.has(f)) {
        if (c.text(f, "").contains("{{")) {
          refuse(c, f, "as a Go template (Sextant does not render templates)");
        }
        s.put(f, c.text(f, ""));
      }
    }
    return spec(name, "slack", c, false, s, List.of());
  }

  private ReceiverSpec pagerduty(String name, AmNode c) {
    if (c.has("service_key") || c.has("service_key_file")) {
      refuse(c, c.has("service_key") ? "service_key" : "service_key_file", "(PagerDuty's Events API v1; Sextant sends "
          + "Events API v2: use routing_key)");
      return null;
    }
    allow(c, "pagerduty", Set.of("routing_key", "routing_key_file", "url", "send_resolved"));
    String key = secret(c, "routing_key", null, null);
    if (key == null) {
      throw c.error("routing_key", "is required");
    }
    String url = c.text("url", global.text("pagerduty_url", PagerDutyNotifier.EVENTS_V2.toString()));
    return spec(name, "pagerduty", c, true, Map.of("url", checkUrl(c, "url", url), "routingKey", key), List.of());
  }

  private ReceiverSpec email(String name, AmNode c) {
    allow(c, "email", Set.of("to", "from", "smarthost", "hello", "require_tls", "send_resolved"));
    for (String auth : EMAIL_REFUSED) {
      if (c.has(auth)) {
        refuse(c, auth, auth.startsWith("auth") || auth.startsWith("tls") ? "(Sextant's e-mail goes to a trusted relay "
            + "without TLS or authentication)" : "(Sextant's e-mail text is its own; Go templates are not rendered)");
      }
    }
    boolean requireTls = c.has("require_tls") ? c.flag("require_tls", true) : global.flag("smtp_require_tls", true);
    if (requireTls) {
      refused.add(c.source() + ": " + c.field("require_tls") + " is true (" + (c.has("require_tls") ? "set here"
          : global.has("smtp_require_tls") ? "global.smtp_require_tls" : "Alertmanager's default")
          + "), and Sextant's e-mail speaks no TLS: set require_tls or global.smtp_require_tls to false for a "
          + "trusted local relay");
    }
    String to = c.text("to", null);
    if (to == null) {
      throw c.error("to", "is required");
    }
    String from = c.text("from", global.text("smtp_from", null));
    if (from == null) {
      throw c.error("from", "is required (here or as global.smtp_from)");
    }
    String smarthost = c.text("smarthost", global.text("smtp_smarthost", null));
    if (smarthost == null) {
      throw c.error("smarthost", "is required (here or as global.smtp_smarthost)");
    }
    int colon = smarthost.lastIndexOf(':');
    if (colon <= 0 || !smarthost.substring(colon + 1).matches("\\d{1,5}")) {
      throw c.error("smarthost", "'" + smarthost + "' must be host:port");
    }
    List<String> addresses = List.of(to.split(",")).stream().map(String::strip).filter(a -> !a.isEmpty()).toList();
    String host = smarthost.substring(0, colon).replaceAll("^\\[|]$", "");
    return spec(name, "email", c, false, Map.of("host", host, "port", smarthost.substring(colon + 1), "from", from),
        addresses);
  }

  private static ReceiverSpec spec(String name, String type, AmNode c, boolean sendResolvedByDefault,
      Map<String, String> settings, List<String> to) {
    Map<String, String> s = new LinkedHashMap<>(settings);
    s.put("sendResolved", Boolean.toString(c.flag("send_resolved", sendResolvedByDefault)));
    return new ReceiverSpec(name, type, s, to);
  }

  /** Refuses the keys neither supported nor {@link #EMAIL_REFUSED} (which say their own reason). */
  private void allow(AmNode c, String kind, Set<String> supported) {
    for (String key : c.keys()) {
      if (!supported.contains(key) && !(kind.equals("email") && EMAIL_REFUSED.contains(key))) {
        refuse(c, key, "in a " + kind + " config (supported: " + String.join(", ", supported.stream().sorted()
            .toList()) + ")");
      }
    }
  }

  private void refuse(AmNode n, String key, String why) {
    refused.add(n.source() + ": " + n.field(key) + " is not supported by Sextant " + why);
  }

  /** A value given inline or in a file ({@code <key>_file}), else the global one. */
  private String secret(AmNode c, String key, String globalValue, String globalFile) {
    if (c.has(key)) {
      return c.text(key, null);
    }
    if (c.has(key + "_file")) {
      return read(c, key + "_file", c.text(key + "_file", null));
    }
    if (globalValue != null) {
      return globalValue;
    }
    return globalFile == null ? null : read(global, key + "_file", globalFile);
  }

  private String read(AmNode n, String key, String file) {
    Path p = dir.resolve(file);
    try {
      return Files.readString(p, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw n.error(key, "cannot be read: " + p + ": " + e.getMessage());
    }
  }

  private static String checkUrl(AmNode c, String key, String url) {
    ReceiverSpec.badUrl(url).ifPresent(why -> {
      throw c.error(key, why);
    });
    return url;
  }
}
