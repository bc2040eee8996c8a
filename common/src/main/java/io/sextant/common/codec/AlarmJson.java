package io.sextant.common.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.sextant.common.model.Alarm;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Writes an {@link Alarm} as the codec's bean serializer did, field by field in the record's order
 * (nulls written, enums by name, instants as {@link IsoInstant}, labels by their own serializer),
 * without its reflection and per-property dispatch: every alarm change is encoded once for the
 * store and the bus, and under an alert storm that encoding was the group commit's largest cost.
 * {@code AlarmJsonTest} holds it to the bean serializer's bytes.
 */
final class AlarmJson extends StdSerializer<Alarm> {
  private static final SerializedString ID = new SerializedString("id");
  private static final SerializedString SITE = new SerializedString("site");
  private static final SerializedString TIME = new SerializedString("time");
  private static final SerializedString RESOURCE = new SerializedString("resource");
  private static final SerializedString PROBABLE_CAUSE = new SerializedString("probableCause");
  private static final SerializedString SPECIFIC_PROBLEM = new SerializedString("specificProblem");
  private static final SerializedString EVENT_TYPE = new SerializedString("eventType");
  private static final SerializedString PERCEIVED_SEVERITY = new SerializedString("perceivedSeverity");
  private static final SerializedString STATE = new SerializedString("state");
  private static final SerializedString ACK_STATE = new SerializedString("ackState");
  private static final SerializedString IS_ROOT_CAUSE = new SerializedString("isRootCause");
  private static final SerializedString PARENT_ALARM_ID = new SerializedString("parentAlarmId");
  private static final SerializedString CORRELATED_ALARM_IDS = new SerializedString("correlatedAlarmIds");
  private static final SerializedString RAISED_TIME = new SerializedString("raisedTime");
  private static final SerializedString CLEARED_TIME = new SerializedString("clearedTime");
  private static final SerializedString COUNT = new SerializedString("count");
  private static final SerializedString SOURCE = new SerializedString("source");
  private static final SerializedString LABELS = new SerializedString("labels");

  AlarmJson() {
    super(Alarm.class);
  }

  @Override
  public void serialize(Alarm a, JsonGenerator gen, SerializerProvider provider) throws IOException {
    gen.writeStartObject(a);
    text(gen, ID, a.id());
    text(gen, SITE, a.site());
    time(gen, TIME, a.time());
    text(gen, RESOURCE, a.resource());
    text(gen, PROBABLE_CAUSE, a.probableCause());
    text(gen, SPECIFIC_PROBLEM, a.specificProblem());
    text(gen, EVENT_TYPE, a.eventType().name());
    text(gen, PERCEIVED_SEVERITY, a.perceivedSeverity().name());
    text(gen, STATE, a.state().name());
    text(gen, ACK_STATE, a.ackState().name());
    gen.writeFieldName(IS_ROOT_CAUSE);
    gen.writeBoolean(a.rootCause());
    text(gen, PARENT_ALARM_ID, a.parentAlarmId());
    gen.writeFieldName(CORRELATED_ALARM_IDS);
    List<String> ids = a.correlatedAlarmIds();
    gen.writeStartArray(ids, ids.size());
    for (String id : ids) {
      gen.writeString(id);
    }
    gen.writeEndArray();
    time(gen, RAISED_TIME, a.raisedTime());
    time(gen, CLEARED_TIME, a.clearedTime());
    gen.writeFieldName(COUNT);
    gen.writeNumber(a.count());
    text(gen, SOURCE, a.source());
    gen.writeFieldName(LABELS);
    provider.findValueSerializer(a.labels().getClass()).serialize(a.labels(), gen, provider);
    gen.writeEndObject();
  }

  private static void text(JsonGenerator gen, SerializedString name, String value) throws IOException {
    gen.writeFieldName(name);
    if (value == null) {
      gen.writeNull();
    } else {
      gen.writeString(value);
    }
  }

  private static void time(JsonGenerator gen, SerializedString name, Instant value) throws IOException {
    gen.writeFieldName(name);
    if (value == null) {
      gen.writeNull();
    } else {
      gen.writeString(IsoInstant.format(value));
    }
  }
}
