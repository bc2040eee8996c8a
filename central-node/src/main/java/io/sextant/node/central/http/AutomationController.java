package io.sextant.node.central.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.serde.annotation.Serdeable;
import io.sextant.alarm.api.Caller;
import io.sextant.alarm.api.ApiError;
import io.sextant.runbook.safety.AutomationControl;
import io.sextant.runbook.safety.ChangeFreeze;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The centre's safety switches, before an operator turns automation on or while something is
 * wrong: {@code GET /api/v1/automation} (dry run, pauses, freezes, the hourly budget and what
 * each site spent), {@code POST /api/v1/automation/dry-run}, {@code /pause} and {@code /resume}
 * (all sites, or one with {@code site}), {@code /freezes} to add a change freeze,
 * {@code DELETE /api/v1/automation/freezes/{id}}. Every switch names who threw it; the audit log
 * shows why each held action waited.
 */
@Controller("/api/v1/automation")
@Requires(beans = AutomationControl.class)
public class AutomationController {
  private final AutomationControl control;

  public AutomationController(AutomationControl control) {
    this.control = control;
  }

  @Serdeable
  public record DryRun(boolean on, @Nullable String by) {}

  @Serdeable
  public record Pause(@Nullable String site, @Nullable String by, @Nullable String reason) {}

  @Serdeable
  public record Freeze(@Nullable String id, @Nullable List<String> sites, Instant from, Instant until,
      @Nullable String reason, @Nullable String by) {}

  @Get
  public AutomationControl.Status status() {
    return control.status();
  }

  @Post("/dry-run")
  public AutomationControl.Status dryRun(HttpRequest<?> http, @Body DryRun d) {
    by(http, d.by());
    control.setDryRun(d.on());
    return control.status();
  }

  @Post("/pause")
  public AutomationControl.Status pause(HttpRequest<?> http, @Body Pause p) {
    site(http, p.site(), "pausing");
    if (p.site() == null) {
      control.pauseAll(by(http, p.by()), p.reason());
    } else {
      control.pauseSite(p.site(), by(http, p.by()), p.reason());
    }
    return control.status();
  }

  @Post("/resume")
  public AutomationControl.Status resume(HttpRequest<?> http, @Body Pause p) {
    site(http, p.site(), "resuming");
    by(http, p.by());
    if (p.site() == null) {
      control.resumeAll();
    } else {
      control.resumeSite(p.site());
    }
    return control.status();
  }

  @Post("/freezes")
  public HttpResponse<AutomationControl.Status> freeze(HttpRequest<?> http, @Body Freeze f) {
    String by = by(http, f.by());
    if (f.from() == null || f.until() == null) {
      throw new IllegalArgumentException("from and until are required (ISO-8601 instants)");
    }
    String reason = (f.reason() == null ? "" : f.reason()) + " (by " + by + ")";
    control.addFreeze(new ChangeFreeze(f.id() == null ? UUID.randomUUID().toString() : f.id(), f.sites(), f.from(),
        f.until(), reason.strip()));
    return HttpResponse.created(control.status());
  }

  @Delete("/freezes/{id}")
  public HttpResponse<AutomationControl.Status> unfreeze(String id) {
    return control.removeFreeze(id) ? HttpResponse.ok(control.status()) : HttpResponse.notFound();
  }

  /** The token's name, or without tokens the body's {@code by} (required then). */
  private static String by(HttpRequest<?> http, String said) {
    return Caller.by(http, () -> {
      if (said == null || said.isBlank()) {
        throw new IllegalArgumentException("by: required, who throws the switch (for the audit)");
      }
      return said;
    });
  }

  /** A caller limited to sites throws a site's switch only, never the whole centre's. */
  private static void site(HttpRequest<?> http, String site, String doing) {
    if (site == null) {
      Caller.of(http).filter(p -> !p.sites().isEmpty()).ifPresent(p -> {
        throw Caller.forbidSite(http, p.name() + " may act on sites " + p.sites() + " only; " + doing
            + " every site is not theirs");
      });
    } else {
      Caller.requireSite(http, site, doing + " automation");
    }
  }

  @Error(exception = IllegalArgumentException.class)
  public HttpResponse<ApiError> badRequest(IllegalArgumentException e) {
    return OperatorController.error(HttpStatus.BAD_REQUEST, e.getMessage());
  }
}
