/**
 * The operators' commands, like amtool: {@code sextant alarms}, {@code actions}, {@code silences},
 * {@code feedback} and {@code automation} talk to a running centre's HTTP port (TMF642, the
 * Alertmanager-compatible silences, {@code /api/v1}) with the JDK's HTTP client, and print a table
 * or the server's JSON ({@code -o json}). They hold no state and no logic of their own: every
 * decision (may this alarm be cleared, this action approved) is the server's, and its refusal is
 * printed as it gave it, with a non-zero exit.
 */
package io.sextant.deploy.cli.ops;
