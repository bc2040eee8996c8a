package io.sextant.collector.outbox;

import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.Message;
import io.sextant.common.model.SampleBatch;
import java.util.Map;

/** The message types the outbox stores, by the stable name written next to each payload. */
final class MessageTypes {
  private static final Map<String, Class<? extends Message>> BY_NAME = Map.of(
      "SampleBatch", SampleBatch.class,
      "Detection", Detection.class,
      "Alarm", Alarm.class,
      "ActionEvent", ActionEvent.class,
      "Action", Action.class,
      "Diagnosis", Diagnosis.class);

  private MessageTypes() {}

  static String nameOf(Message m) {
    String name = m.getClass().getSimpleName();
    if (!BY_NAME.containsKey(name)) {
      throw new IllegalArgumentException("the outbox cannot store " + m.getClass().getName());
    }
    return name;
  }

  static Class<? extends Message> byName(String name) {
    Class<? extends Message> c = BY_NAME.get(name);
    if (c == null) {
      throw new IllegalArgumentException("unknown message type '" + name + "'");
    }
    return c;
  }
}
