package io.sextant.alarm.notify.webhook;

import io.sextant.alarm.notify.HttpPost;
import io.sextant.alarm.notify.Notification;
import io.sextant.alarm.notify.Notifier;
import io.sextant.alarm.notify.Outcome;
import java.net.URI;
import java.util.Objects;

/** POSTs {@link WebhookPayload} JSON to a URL; outcome by HTTP status (4xx is permanent). */
public final class WebhookNotifier implements Notifier {
  private final URI url;
  private final String externalUrl;
  private final HttpPost http;

  public WebhookNotifier(URI url, String externalUrl, HttpPost http) {
    this.url = Objects.requireNonNull(url, "url");
    this.externalUrl = Objects.requireNonNull(externalUrl, "externalUrl");
    this.http = Objects.requireNonNull(http, "http");
  }

  @Override
  public Outcome send(Notification notification) {
    return http.post(url, "application/json", WebhookPayload.of(notification, externalUrl).toString());
  }
}
