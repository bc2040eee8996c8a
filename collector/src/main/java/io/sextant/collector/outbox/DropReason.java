package io.sextant.collector.outbox;

/** Why the outbox gave up an entry before sending it; the drop counter's label. */
public enum DropReason {
  /** The outbox was over its byte bound; the oldest entries of the lowest class went first. */
  SIZE,
  /** The entry was older than its class's age bound. */
  AGE,
  /** The stored payload could not be decoded (e.g. written by an incompatible version). */
  UNDECODABLE
}
