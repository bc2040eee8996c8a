/**
 * The remediation hook: an action sent as a CloudEvents 1.0 JSON request, signed as Standard
 * Webhooks sign ({@link io.sextant.actuator.hook.WebhookSignature}), with a timeout and retries on
 * timeouts and 5xx ({@link io.sextant.actuator.hook.HookActuator}); and the receiver of the
 * outcomes a hook reports later, signed the same way ({@link io.sextant.actuator.hook.CallbackReceiver},
 * a plain handler; {@link io.sextant.actuator.hook.CallbackServer} serves it on the JDK's HTTP
 * server). A hook's answer is never the repair: the executor still verifies the KPI.
 */
package io.sextant.actuator.hook;
