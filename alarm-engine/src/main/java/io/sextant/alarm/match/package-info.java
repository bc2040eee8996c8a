/**
 * Alertmanager's label matchers ({@code =}, {@code !=}, {@code =~}, {@code !~}), shared by
 * routing, silences, maintenance windows and inhibition rules. Only matching; no policy.
 */
package io.sextant.alarm.match;
