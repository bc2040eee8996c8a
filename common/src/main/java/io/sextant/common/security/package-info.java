/**
 * Security of both nodes' HTTP listeners, in one place: bearer tokens with roles and sites
 * ({@link io.sextant.common.security.ApiTokens}), TLS from PEM files, intake rate limits, and the
 * {@link io.sextant.common.security.Gate} every listener asks. It does not serve HTTP itself: the
 * centre's Micronaut filter and the JDK listeners ({@link io.sextant.common.security.JdkListener})
 * ask the gate and answer in their own protocol.
 */
package io.sextant.common.security;
