package io.sextant.node.central;

import io.sextant.actuator.Counters;
import io.sextant.actuator.hook.CallbackReceiver;
import io.sextant.alarm.raise.AlarmCatalog;
import io.sextant.central.liveness.NoDataSettings;
import io.sextant.common.security.ApiTokens;
import io.sextant.common.security.HttpSecurity;
import io.sextant.runbook.safety.AutomationControl;
import io.sextant.central.protect.ProtectionSettings;
import io.sextant.central.rca.LearnedCalls;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a centre is made of besides its pipeline's parts: the catalog that gives detections their
 * X.733 fields, the no-data watch over the served sites, where its one HTTP port listens, its
 * safety switches, and what its actuators serve on that port.
 *
 * @param sites the sites whose silence is an alarm (the centre's served sites)
 * @param http where the HTTP port listens; null for none (the all-in-one without --serve)
 * @param automation the safety switches (dry run, pauses, freezes, budget); null: all open
 * @param callbacks the remediation hooks' callback receiver, served under {@code /hooks/}; null for none
 * @param actuatorCounters the adapters' refusals and failures by reason, on {@code /metrics}; null for none
 * @param tokens who may call the HTTP port ({@link ApiTokens#OPEN}: anyone; null means open)
 * @param security the port's TLS and the intake's rate limit (its tokens file is {@code tokens}, read); null: none
 * @param protection the timers of a rerouted link's protection (null: the defaults)
 * @param learnedCallsMaxAge how long a call learned from traces stays in the dependency graph (null: 1 h)
 * @param restore carry on from the store at start (open alarms, notification log, pending
 *     approvals, actions under verification, guard windows: {@code restart.CentreRestart}); the
 *     all-in-one starts on a fresh store and leaves it off
 */
public record CentralOptions(AlarmCatalog catalog, List<String> sites, NoDataSettings noData, InetSocketAddress http,
    AutomationControl automation, CallbackReceiver callbacks, Counters actuatorCounters, ApiTokens tokens,
    HttpSecurity security, ProtectionSettings protection, Duration learnedCallsMaxAge, boolean restore) {
  public CentralOptions {
    Objects.requireNonNull(catalog, "catalog");
    sites = List.copyOf(sites);
    Objects.requireNonNull(noData, "noData");
    tokens = tokens == null ? ApiTokens.OPEN : tokens;
    security = security == null ? HttpSecurity.NONE : security;
    protection = protection == null ? ProtectionSettings.defaults() : protection;
    learnedCallsMaxAge = learnedCallsMaxAge == null ? LearnedCalls.DEFAULT_MAX_AGE : learnedCallsMaxAge;
  }

  /** Learned calls kept the default time. */
  public CentralOptions(AlarmCatalog catalog, List<String> sites, NoDataSettings noData, InetSocketAddress http,
      AutomationControl automation, CallbackReceiver callbacks, Counters actuatorCounters, ApiTokens tokens,
      HttpSecurity security, ProtectionSettings protection, boolean restore) {
    this(catalog, sites, noData, http, automation, callbacks, actuatorCounters, tokens, security, protection, null,
        restore);
  }

  /** An open HTTP port (no tokens). */
  public CentralOptions(AlarmCatalog catalog, List<String> sites, NoDataSettings noData, InetSocketAddress http,
      AutomationControl automation, CallbackReceiver callbacks, Counters actuatorCounters) {
    this(catalog, sites, noData, http, automation, callbacks, actuatorCounters, ApiTokens.OPEN, HttpSecurity.NONE);
  }

  /** Without restoring from the store. */
  public CentralOptions(AlarmCatalog catalog, List<String> sites, NoDataSettings noData, InetSocketAddress http,
      AutomationControl automation, CallbackReceiver callbacks, Counters actuatorCounters, ApiTokens tokens,
      HttpSecurity security) {
    this(catalog, sites, noData, http, automation, callbacks, actuatorCounters, tokens, security, null, false);
  }

  /** The built-in catalog, the default no-data watch over {@code sites}, no HTTP port, all automation open. */
  public static CentralOptions defaults(List<String> sites) {
    return new CentralOptions(AlarmCatalog.defaults(), sites, NoDataSettings.defaults(), null, null, null, null);
  }

  public CentralOptions withHttp(InetSocketAddress address) {
    return new CentralOptions(catalog, sites, noData, address, automation, callbacks, actuatorCounters, tokens,
        security, protection, learnedCallsMaxAge, restore);
  }

  public CentralOptions withTokens(ApiTokens callers) {
    return new CentralOptions(catalog, sites, noData, http, automation, callbacks, actuatorCounters, callers,
        security, protection, learnedCallsMaxAge, restore);
  }

  /** Carries on from the store at start ({@code sextant central}). */
  public CentralOptions withRestore() {
    return new CentralOptions(catalog, sites, noData, http, automation, callbacks, actuatorCounters, tokens,
        security, protection, learnedCallsMaxAge, true);
  }

  public CentralOptions withProtection(ProtectionSettings settings) {
    return new CentralOptions(catalog, sites, noData, http, automation, callbacks, actuatorCounters, tokens,
        security, settings, learnedCallsMaxAge, restore);
  }
}
