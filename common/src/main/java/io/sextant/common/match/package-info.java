/**
 * Alertmanager's label matchers ({@code =}, {@code !=}, {@code =~}, {@code !~}), shared by the
 * alarm engine (routing, silences, maintenance windows, inhibition) and the edge's static
 * thresholds (which series a threshold applies to). Only matching; no policy.
 */
package io.sextant.common.match;
