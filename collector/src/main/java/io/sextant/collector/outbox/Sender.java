package io.sextant.collector.outbox;

import io.sextant.common.model.Message;

/**
 * Hands one message to the bus. Returning normally means the bus has it (the entry is then
 * removed); throwing means it does not, and the entry and every later entry of its key stay in
 * the outbox for the next drain. A message may be sent again after a crash between the send
 * and the removal: receivers deduplicate on {@link Message#id()}. Throwing
 * {@link SendUnavailableException} also ends the current drain round (the bus is down).
 */
@FunctionalInterface
public interface Sender {
  void send(Message message) throws Exception;
}
