/**
 * Prometheus remote-write receiver (protocol 1.0): an HTTP endpoint that takes snappy-compressed
 * protobuf {@code WriteRequest}s from an existing Prometheus and writes their samples through the
 * store. The protobuf is decoded by hand ({@link io.sextant.store.remotewrite.WriteRequestDecoder}),
 * with the field numbers of Prometheus' {@code remote.proto} and {@code types.proto}, so no
 * generated code or protoc is needed.
 */
package io.sextant.store.remotewrite;
