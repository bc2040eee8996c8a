/**
 * The central side of upload policies: reads what each site may upload (raw, aggregate, local
 * only, redacted labels) from one validated file and publishes it on the compacted policies topic
 * at start and on change. It does not apply policies: the edge does ({@code collector.policy}).
 */
package io.sextant.central.policy;
