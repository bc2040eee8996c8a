package io.sextant.node.central.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.sextant.actuator.hook.CallbackReceiver;

/**
 * Remediation hooks report a 202's outcome here, signed as their requests were
 * ({@code POST /hooks/...}, see docs/remediation.md): the receiver checks the signature, refuses a
 * replay and records the outcome in the audit log. The centre's {@code actuators.callbacks.url}
 * points at this port.
 */
@Controller
@Requires(beans = CallbackReceiver.class)
public class HookCallbackController {
  private final CallbackReceiver receiver;

  public HookCallbackController(CallbackReceiver receiver) {
    this.receiver = receiver;
  }

  @Post("/hooks/{+path}")
  @Consumes(MediaType.ALL)
  public HttpResponse<String> callback(String path, HttpRequest<?> request, @Nullable @Body byte[] body) {
    CallbackReceiver.Response r = receiver.handle("POST", CallbackReceiver.PREFIX + path,
        name -> request.getHeaders().get(name), body == null ? new byte[0] : body);
    return HttpResponse.<String>status(io.micronaut.http.HttpStatus.valueOf(r.status())).body(r.body())
        .contentType(MediaType.TEXT_PLAIN);
  }
}
