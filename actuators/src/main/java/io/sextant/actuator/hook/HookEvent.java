package io.sextant.actuator.hook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.sextant.common.codec.JsonCodec;
import io.sextant.common.model.Action;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The request body a hook receives: a CloudEvents 1.0 event in structured JSON mode. Its
 * {@code id} is the action's id for the apply and {@code <action id>/rollback} for the undo, the
 * same on every retry, so a receiver deduplicates on it (or on {@code webhook-id}, which equals
 * it). {@code type} is {@value #APPLY} or {@value #ROLLBACK}; {@code subject} the target; the data
 * holds the action and, when the node takes callbacks, the URL to report a late outcome to.
 */
public final class HookEvent {
  public static final String APPLY = "io.sextant.action.apply";
  public static final String ROLLBACK = "io.sextant.action.rollback";

  private HookEvent() {}

  /** The event id of an operation on an action. */
  public static String id(Action action, boolean rollback) {
    return rollback ? action.id() + "/rollback" : action.id();
  }

  /**
   * @param node the calling node ({@code urn:sextant:<node>} is the event's source)
   * @param callback where to report a late outcome, or null when the node takes no callbacks
   */
  public static byte[] json(Action action, boolean rollback, String node, URI callback, Instant time) {
    JsonCodec codec = JsonCodec.get();
    ObjectNode data = codec.mapper().createObjectNode();
    data.put("operation", rollback ? "rollback" : "apply");
    data.set("action", codec.mapper().valueToTree(action));
    if (callback != null) {
      data.put("callback", callback.toString());
    }
    byte[] dataBytes = codec.encode(data);
    // Built with the SDK so the attributes are checked against the specification.
    CloudEvent e = CloudEventBuilder.v1()
        .withId(id(action, rollback))
        .withSource(URI.create("urn:sextant:" + node))
        .withType(rollback ? ROLLBACK : APPLY)
        .withSubject(action.target())
        .withTime(time.atOffset(ZoneOffset.UTC))
        .withDataContentType("application/json")
        .withData(dataBytes)
        .build();
    ObjectNode out = codec.mapper().createObjectNode();
    out.put("specversion", e.getSpecVersion().toString());
    out.put("id", e.getId());
    out.put("source", e.getSource().toString());
    out.put("type", e.getType());
    out.put("subject", e.getSubject());
    out.put("time", e.getTime().toString());
    out.put("datacontenttype", e.getDataContentType());
    out.set("data", data);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
