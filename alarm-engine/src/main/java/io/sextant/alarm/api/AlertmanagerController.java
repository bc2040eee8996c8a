package io.sextant.alarm.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.sextant.alarm.AlarmEngine;
import io.sextant.alarm.compat.AlertQuery;
import io.sextant.alarm.compat.AlertView;
import io.sextant.alarm.compat.AlertmanagerView;
import io.sextant.alarm.compat.InstanceStatus;
import io.sextant.alarm.ingest.AlertIntake;
import io.sextant.alarm.notify.NotificationPipeline;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Alertmanager v2's read API, in its field names and types, so amtool and tools built for
 * Alertmanager read Sextant unchanged: {@code GET /alerts} and {@code /alerts/groups} (with
 * {@code filter}, {@code active}, {@code silenced}, {@code inhibited}, {@code unprocessed},
 * {@code receiver}), {@code GET /status} and {@code GET /receivers}. A query parameter Alertmanager
 * does not define, an invalid matcher or regex, or a flag that is not a boolean is 400 naming it,
 * counted by reason. The work is {@link AlertmanagerView}'s.
 */
@Controller("/api/v2")
@Requires(beans = AlarmEngine.class)
@Produces(MediaType.APPLICATION_JSON)
public class AlertmanagerController {
  static final Set<String> ALERT_PARAMS = Set.of("filter", "active", "silenced", "inhibited", "unprocessed", "receiver");
  static final Set<String> GROUP_PARAMS = Set.of("filter", "active", "silenced", "inhibited", "receiver");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AlertmanagerView view;
  private final ApiCounters counters;
  private final InstanceStatus status;

  public AlertmanagerController(AlarmEngine engine, @Nullable AlertIntake intake,
      @Nullable NotificationPipeline pipeline, ApiCounters counters, @Nullable InstanceStatus status) {
    this.view = new AlertmanagerView(engine, intake == null ? null : intake.posted(), pipeline);
    this.counters = counters;
    this.status = status != null ? status : new InstanceStatus(InstanceStatus.sextantVersion(), engine.clock().instant(),
        pipeline == null ? "" : InstanceStatus.configYaml(pipeline.router(), pipeline.receiverNames(),
            pipeline.suppressions().rules()));
  }

  @Get("/alerts")
  public String alerts(HttpRequest<?> request) {
    ArrayNode out = JSON.createArrayNode();
    // A caller limited to sites sees the alerts of those sites only.
    view.alerts(query(request, ALERT_PARAMS)).stream().filter(a -> sees(request, a))
        .forEach(a -> write(out.addObject(), a));
    return out.toString();
  }

  @Get("/alerts/groups")
  public String groups(HttpRequest<?> request) {
    ArrayNode out = JSON.createArrayNode();
    for (AlertView.Group g : view.groups(query(request, GROUP_PARAMS))) {
      List<AlertView> seen = g.alerts().stream().filter(a -> sees(request, a)).toList();
      if (seen.isEmpty()) {
        continue;
      }
      ObjectNode o = out.addObject();
      ObjectNode labels = o.putObject("labels");
      g.labels().forEach(labels::put);
      o.putObject("receiver").put("name", g.receiver());
      ArrayNode alerts = o.putArray("alerts");
      seen.forEach(a -> write(alerts.addObject(), a));
    }
    return out.toString();
  }

  private static boolean sees(HttpRequest<?> request, AlertView a) {
    String site = a.labels().get("site");
    return site == null ? Caller.of(request).map(p -> p.sites().isEmpty()).orElse(true) : Caller.sees(request, site);
  }

  @Get("/status")
  public String status() {
    ObjectNode o = JSON.createObjectNode();
    o.putObject("cluster").put("status", "disabled").putArray("peers");
    o.putObject("versionInfo").put("version", status.version()).put("revision", "").put("branch", "")
        .put("buildUser", "").put("buildDate", "").put("goVersion", "none (Sextant, Java "
            + Runtime.version().feature() + ")");
    o.putObject("config").put("original", status.configYaml());
    o.put("uptime", status.startedAt().toString());
    return o.toString();
  }

  @Get("/receivers")
  public String receivers() {
    ArrayNode out = JSON.createArrayNode();
    view.receivers().forEach(n -> out.addObject().put("name", n));
    return out.toString();
  }

  @Error(exception = IllegalArgumentException.class)
  public HttpResponse<ApiError> badRequest(IllegalArgumentException e) {
    counters.reject(e instanceof AlertQuery.BadQuery b ? b.reason : e instanceof RejectedRequest r ? r.reason
        : "invalid_query");
    return AlarmController.error(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  private static AlertQuery query(HttpRequest<?> request, Set<String> allowed) {
    Set<String> unknown = new TreeSet<>(request.getParameters().names());
    unknown.removeAll(allowed);
    if (!unknown.isEmpty()) {
      throw new RejectedRequest("unknown_parameter", "unknown query parameter " + unknown + ": Alertmanager's are "
          + new TreeSet<>(allowed));
    }
    Map<String, String> flags = new HashMap<>();
    for (String f : List.of("active", "silenced", "inhibited", "unprocessed")) {
      flags.put(f, request.getParameters().get(f));
    }
    return AlertQuery.parse(request.getParameters().getAll("filter"), flags, request.getParameters().get("receiver"));
  }

  static void write(ObjectNode o, AlertView a) {
    ObjectNode labels = o.putObject("labels");
    a.labels().forEach(labels::put);
    ObjectNode annotations = o.putObject("annotations");
    a.annotations().forEach(annotations::put);
    ArrayNode receivers = o.putArray("receivers");
    a.receivers().forEach(r -> receivers.addObject().put("name", r));
    o.put("fingerprint", a.fingerprint());
    o.put("startsAt", a.startsAt().toString());
    o.put("updatedAt", a.updatedAt().toString());
    o.put("endsAt", a.endsAt().toString());
    if (!a.generatorURL().isEmpty()) {
      o.put("generatorURL", a.generatorURL());
    }
    ObjectNode st = o.putObject("status");
    st.put("state", a.state());
    ArrayNode silenced = st.putArray("silencedBy");
    a.silencedBy().forEach(silenced::add);
    ArrayNode inhibited = st.putArray("inhibitedBy");
    a.inhibitedBy().forEach(inhibited::add);
  }
}
