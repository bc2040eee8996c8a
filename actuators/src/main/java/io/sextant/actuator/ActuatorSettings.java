package io.sextant.actuator;

import static io.sextant.common.config.Keys.key;

import io.sextant.actuator.command.CommandSpec;
import io.sextant.actuator.hook.HookSettings;
import io.sextant.actuator.kubernetes.KubernetesSettings;
import io.sextant.actuator.routing.RoutingSettings;
import io.sextant.actuator.shaping.ShapingSettings;
import io.sextant.common.action.Step;
import io.sextant.common.config.ConfigException;
import io.sextant.common.config.Keys;
import io.sextant.common.config.YamlFields;
import io.sextant.common.model.ActionKind;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A node's {@code actuators:} section: its hooks, Kubernetes cluster, command allow-list routing
 * daemon and shaped links, the sites each serves, the routes of action kinds without steps, and where hooks report late
 * outcomes. Both nodes read it the same way.
 */
public record ActuatorSettings(Callbacks callbacks, Map<String, Hook> hooks, Kubernetes kubernetes, Commands commands,
    List<Route> routes, RoutingSettings routing, ShapingSettings tc) {

  /** Where this node takes hook callbacks: {@code listen} locally, announced to hooks as {@code url}. */
  public record Callbacks(InetSocketAddress listen, URI url) {}

  public record Hook(HookSettings settings, List<String> sites) {}

  public record Kubernetes(KubernetesSettings settings, List<String> sites) {}

  public record Commands(Map<String, CommandSpec> allow, Duration timeout, List<String> sites) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  }

  public static final Keys KEYS = Keys.of("actuators", "How this node changes the infrastructure "
      + "(docs/remediation.md). A runbook's steps name these adapters; a step the action's site has no adapter for "
      + "fails the action with the reason.",
      key("hooks", "mapping of name to section", "—", "signed CloudEvents remediation hooks (below)"),
      key("kubernetes", "section", "—", "a Kubernetes cluster: scale, drain (below)"),
      key("commands", "section", "—", "allow-listed local commands (below)"),
      key("routing", "section", "—", "FRR: move traffic off a link (below)"),
      key("tc", "section", "—", "tc: a link's shaped egress rate (below)"),
      key("routes", "list", "—", "for runbooks without steps: the step per action kind and site (below); none "
          + "matching: the action is refused"),
      key("callbacks", "section", "—", "where hooks that answer 202 report the outcome (below); absent: no callbacks"));
  public static final Keys HOOK_KEYS = Keys.of("actuators.hooks.<name>", "",
      key("url", "http(s) URL", "required", "where the CloudEvent is POSTed"),
      key("secret-file", "path", "required", "the Standard Webhooks secret (`whsec_` + base64), shared with the hook"),
      key("trust", "path", "the JVM's trust store", "PEM certificates that sign the hook's TLS certificate"),
      key("timeout", "duration", HookSettings.DEFAULT_TIMEOUT.toSeconds() + "s", "one attempt, connect to answer"),
      key("retries", "whole number", String.valueOf(HookSettings.DEFAULT_RETRIES), "further attempts after a "
          + "timeout, a refused connection or a 5xx (none after a 4xx); the same webhook-id each time"),
      key("backoff", "duration", HookSettings.DEFAULT_BACKOFF.toMillis() + "ms", "the wait before the first retry, "
          + "doubled each time"),
      key("sites", "list of globs", "all", "the sites this hook acts for"));
  public static final Keys KUBERNETES_KEYS = Keys.of("actuators.kubernetes", "",
      key("kubeconfig", "path", "in-cluster or ~/.kube/config", "the cluster's kubeconfig"),
      key("context", "name", "its current context", "the kubeconfig context"),
      key("namespace", "name", KubernetesSettings.DEFAULT_NAMESPACE, "where workloads are unless the action names "
          + "one (parameter `namespace`)"),
      key("gpu-resource", "name", KubernetesSettings.DEFAULT_GPU_RESOURCE, "the extended resource a drain checks free "
          + "room of on the other nodes"),
      key("sites", "list of globs", "all", "the sites this cluster serves"));
  public static final Keys COMMANDS_KEYS = Keys.of("actuators.commands", "",
      key("allow", "mapping of name to section", "required", "the only commands that run (below)"),
      key("timeout", "duration", Commands.DEFAULT_TIMEOUT.toSeconds() + "s", "a command still running then is killed"),
      key("sites", "list of globs", "all", "the sites these commands act for"));
  public static final Keys COMMAND_KEYS = Keys.of("actuators.commands.allow.<name>", "",
      key("run", "list", "required", "the program (absolute path) and its arguments; `{param}` is an action "
          + "parameter, `{target}`, `{site}`, `{action}`; values must be plain (no spaces, no leading dash, no ..)"),
      key("undo", "list", "—", "the command that undoes it (rollback); absent: the rollback fails for a person"));
  public static final Keys ROUTE_KEYS = Keys.of("actuators.routes[]", "",
      key("kind", "action kind", "any", "SCALE_OUT, SCALE_IN, REROUTE, MIGRATE, QOS_CHANGE, BANDWIDTH or RESTART"),
      key("sites", "list of globs", "all", "the action's site"),
      key("step", "adapter:name", "required", "e.g. `hook:sdn`, `kubernetes:scale`, `command:restart-gw`, `routing:reroute`"));
  public static final Keys CALLBACKS_KEYS = Keys.of("actuators.callbacks", "",
      key("listen", "host:port", "required", "this node's callback receiver (POST /hooks/<name>/callback); an edge "
          + "takes its own, so it works cut off from the centre"),
      key("url", "http(s) URL", "http://<listen>", "the address hooks reach it at, sent in each request"));
  /** Every section, in the order the reference shows them. */
  public static final List<Keys> REFERENCE = List.of(KEYS, HOOK_KEYS, KUBERNETES_KEYS, COMMANDS_KEYS, COMMAND_KEYS,
      RoutingSettings.KEYS, RoutingSettings.LINK_KEYS, ShapingSettings.KEYS, ShapingSettings.LINK_KEYS, ROUTE_KEYS,
      CALLBACKS_KEYS);

  public ActuatorSettings {
    hooks = hooks == null ? Map.of() : Map.copyOf(hooks);
    routes = routes == null ? List.of() : List.copyOf(routes);
  }

  /** Without a routing adapter. */
  public ActuatorSettings(Callbacks callbacks, Map<String, Hook> hooks, Kubernetes kubernetes, Commands commands,
      List<Route> routes) {
    this(callbacks, hooks, kubernetes, commands, routes, null, null);
  }

  /** Without a shaping adapter. */
  public ActuatorSettings(Callbacks callbacks, Map<String, Hook> hooks, Kubernetes kubernetes, Commands commands,
      List<Route> routes, RoutingSettings routing) {
    this(callbacks, hooks, kubernetes, commands, routes, routing, null);
  }

  public static ActuatorSettings none() {
    return new ActuatorSettings(null, Map.of(), null, null, List.of());
  }

  /** Reads the section ({@code null}: none); relative paths resolve against {@code base}. */
  public static ActuatorSettings read(Map<String, Object> m, Path base) {
    if (m == null) {
      return none();
    }
    String p = KEYS.prefix();
    YamlFields.known(m, KEYS.names(), p);
    Map<String, Hook> hooks = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : YamlFields.optionalMap(m, "hooks", p).entrySet()) {
      String hp = p + "hooks." + e.getKey() + ".";
      Map<String, Object> h = YamlFields.map(e.getValue(), p + "hooks." + e.getKey());
      YamlFields.known(h, HOOK_KEYS.names(), hp);
      try {
        hooks.put(e.getKey(), new Hook(new HookSettings(e.getKey(), URI.create(text(h, "url", hp)),
            YamlFields.resolve(text(h, "secret-file", hp), base), YamlFields.path(h, "trust", hp, base),
            YamlFields.duration(h, "timeout", hp, null),
            (int) YamlFields.integer(h, "retries", hp, HookSettings.DEFAULT_RETRIES),
            YamlFields.duration(h, "backoff", hp, null)), YamlFields.list(h, "sites", hp)));
      } catch (IllegalArgumentException ex) {
        throw new ConfigException(hp.substring(0, hp.length() - 1) + ": " + ex.getMessage(), ex);
      }
    }
    Kubernetes kube = null;
    Map<String, Object> k = YamlFields.section(m, "kubernetes", p, KUBERNETES_KEYS.names());
    if (k != null) {
      String kp = p + "kubernetes.";
      kube = new Kubernetes(new KubernetesSettings(YamlFields.path(k, "kubeconfig", kp, base),
          YamlFields.string(k, "context", kp, null), YamlFields.string(k, "namespace", kp, null),
          YamlFields.string(k, "gpu-resource", kp, null)), YamlFields.list(k, "sites", kp));
    }
    Commands commands = null;
    Map<String, Object> c = YamlFields.section(m, "commands", p, COMMANDS_KEYS.names());
    if (c != null) {
      String cp = p + "commands.";
      Map<String, CommandSpec> allow = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : YamlFields.map(YamlFields.required(c, "allow", cp), cp + "allow").entrySet()) {
        String ap = cp + "allow." + e.getKey() + ".";
        Map<String, Object> a = YamlFields.map(e.getValue(), cp + "allow." + e.getKey());
        YamlFields.known(a, COMMAND_KEYS.names(), ap);
        List<String> run = YamlFields.list(a, "run", ap);
        if (run == null || run.isEmpty()) {
          throw new ConfigException(ap + "run: required (the program and its arguments)");
        }
        if (!Path.of(run.get(0)).isAbsolute()) {
          throw new ConfigException(ap + "run: the program must be an absolute path, got '" + run.get(0) + "'");
        }
        allow.put(e.getKey(), new CommandSpec(e.getKey(), run, YamlFields.list(a, "undo", ap)));
      }
      commands = new Commands(allow, YamlFields.duration(c, "timeout", cp, Commands.DEFAULT_TIMEOUT),
          YamlFields.list(c, "sites", cp));
    }
    List<Route> routes = new ArrayList<>();
    List<Map<String, Object>> rs = YamlFields.mappings(m, "routes", p, ROUTE_KEYS.names(),
        "- kind: REROUTE, step: hook:sdn");
    for (int i = 0; i < rs.size(); i++) {
      String rp = p + "routes[" + i + "].";
      Map<String, Object> r = rs.get(i);
      try {
        String kind = YamlFields.string(r, "kind", rp, null);
        List<Step> step = Step.decode(text(r, "step", rp));
        if (step.size() != 1) {
          throw new IllegalArgumentException("one step, adapter:name");
        }
        routes.add(new Route(kind == null ? null : ActionKind.valueOf(kind.toUpperCase(Locale.ROOT)),
            YamlFields.list(r, "sites", rp), step.get(0)));
      } catch (IllegalArgumentException ex) {
        throw new ConfigException(rp.substring(0, rp.length() - 1) + ": " + ex.getMessage(), ex);
      }
    }
    Callbacks callbacks = null;
    Map<String, Object> cb = YamlFields.section(m, "callbacks", p, CALLBACKS_KEYS.names());
    if (cb != null) {
      String bp = p + "callbacks.";
      InetSocketAddress listen = YamlFields.address(cb, "listen", bp);
      if (listen == null) {
        throw new ConfigException(bp + "listen: required (host:port of this node's callback receiver)");
      }
      String url = YamlFields.string(cb, "url", bp, null);
      callbacks = new Callbacks(listen, url == null ? null : URI.create(url));
    }
    RoutingSettings routing = RoutingSettings.read(YamlFields.section(m, "routing", p, RoutingSettings.KEYS.names()),
        base);
    ShapingSettings tc = ShapingSettings.read(YamlFields.section(m, "tc", p, ShapingSettings.KEYS.names()), base);
    return new ActuatorSettings(callbacks, hooks, kube, commands, routes, routing, tc);
  }

  private static String text(Map<String, Object> m, String key, String prefix) {
    String s = YamlFields.string(m, key, prefix, null);
    if (s == null || s.isBlank()) {
      throw new ConfigException(prefix + key + ": required");
    }
    return s;
  }
}
