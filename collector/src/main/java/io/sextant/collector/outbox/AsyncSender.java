package io.sextant.collector.outbox;

import io.sextant.common.model.Message;
import java.util.concurrent.CompletableFuture;

/**
 * Hands one message to the bus without waiting: the future completes when the bus has taken it
 * (the entry is then removed) and fails when it has not (the entry and the later entries of its
 * key stay). Throwing instead of returning a future means this one message cannot be sent (say,
 * a type without a topic); its key is held back but the round goes on.
 */
@FunctionalInterface
public interface AsyncSender {
  CompletableFuture<Void> sendAsync(Message message);
}
