package io.sextant.collector.policy;

import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.Sample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies the upload policy to the edge's audit events (local repair's {@link ActionEvent}s), so
 * they carry no more than the samples and detections do (docs/collector.md, "Action events"):
 * <ul>
 *   <li>{@code target} and {@code verifyResource} are resource ids, the same strings the series
 *       carry in their {@code resource} label (a local runbook acts on its detection's resource):
 *       hashed as that label, {@code token("resource", v)}, when the policy redacts
 *       {@code resource}, so the centre sees the same token on the action, the series and the
 *       detection, and can relate them;</li>
 *   <li>{@code params} are name → value like labels: a parameter whose name the policy redacts
 *       is hashed under that name;</li>
 *   <li>{@code detail} is free text that quotes those values: each replaced value (and the id
 *       part of a typed resource, {@code edge-1/web} of {@code service:edge-1/web}) is replaced
 *       by its token in one pass;</li>
 *   <li>when the action concerns a resource that has LOCAL_ONLY series, the event still goes up
 *       (the centre's audit log must record every change made to the cloud), but its
 *       {@code detail} is withheld: it is text written from that series' data (observed values,
 *       verdicts) that the edge cannot vet. Until a window has been filtered under the current
 *       policy the edge does not know which resources those are and withholds every detail, if
 *       the policy keeps anything local.</li>
 * </ul>
 * Ids stay as they are (the event id, the action id, the trigger's detection id), as a
 * detection's id does: they are the keys of idempotent writes and of the outbox order. Not
 * thread-safe: the engine calls it under its window lock.
 */
final class ActionEventRedactor {
  static final String WITHHELD = "detail withheld at the site: the action concerns a resource with local-only series";
  private static final int MAX_LOCAL_RESOURCES = 100_000;

  private final LabelRedactor redactor;
  /** Raw resource ids of LOCAL_ONLY series seen in windows filtered under {@link #seenUnder}. */
  private final Set<String> localOnly = new HashSet<>();
  private PolicyMatcher seenUnder;
  private volatile long events;
  private volatile long redacted;
  private volatile long withheld;

  ActionEventRedactor(LabelRedactor redactor) {
    this.redactor = redactor;
  }

  /** A window is being filtered under {@code m}: what was learnt under another policy is forgotten. */
  void beginWindow(PolicyMatcher m) {
    if (m != seenUnder) {
      localOnly.clear();
      seenUnder = m;
    }
  }

  /** The resource of a LOCAL_ONLY sample or detection of the window being filtered. */
  void localOnly(String resource) {
    if (resource.isEmpty() || !localOnly.add(resource) || localOnly.size() <= MAX_LOCAL_RESOURCES) {
      return;
    }
    localOnly.clear(); // a resource-label explosion must not grow the heap; unknown means withheld
    seenUnder = null;
  }

  /** The event as it may leave the site under {@code m} (null: no policy, everything goes up as is). */
  ActionEvent redact(ActionEvent e, PolicyMatcher m) {
    events++;
    if (m == null) {
      return e;
    }
    List<String> names = m.policy().redactLabels();
    Action a = e.action();
    Map<String, String> replaced = new HashMap<>();
    String target = a.target();
    String verify = a.verifyResource();
    if (names.contains(Sample.RESOURCE)) {
      target = resourceToken(target, replaced);
      verify = resourceToken(verify, replaced);
    }
    Map<String, String> params = a.params();
    for (String name : names) {
      String v = a.params().get(name);
      if (v != null && !v.isEmpty()) {
        if (params == a.params()) {
          params = new TreeMap<>(a.params());
        }
        String t = redactor.token(name, v);
        params.put(name, t);
        replaced.put(v, t);
      }
    }
    boolean local = m.keepsAnythingLocal()
        && (seenUnder != m || localOnly.contains(a.target()) || localOnly.contains(a.verifyResource()));
    String detail = local ? WITHHELD : substitute(e.detail(), replaced);
    if (local) {
      withheld++;
    }
    if (replaced.isEmpty() && detail.equals(e.detail())) {
      return e;
    }
    if (!replaced.isEmpty()) {
      redacted++;
    }
    Action up = new Action(a.id(), a.site(), a.time(), a.kind(), target, params, a.runbook(), a.trigger(), verify);
    return new ActionEvent(e.id(), e.site(), e.time(), up, e.state(), detail);
  }

  private String resourceToken(String resource, Map<String, String> replaced) {
    if (resource.isEmpty()) {
      return resource;
    }
    String t = redactor.token(Sample.RESOURCE, resource);
    replaced.put(resource, t);
    int colon = resource.indexOf(':');
    if (colon > 0 && colon < resource.length() - 1) {
      replaced.putIfAbsent(resource.substring(colon + 1), t);
    }
    return t;
  }

  /** Every replaced value in {@code text} by its token, longest first, in one pass (tokens are not rescanned). */
  static String substitute(String text, Map<String, String> replaced) {
    if (replaced.isEmpty() || text.isEmpty()) {
      return text;
    }
    List<String> raw = new ArrayList<>(replaced.keySet());
    raw.sort(Comparator.comparingInt(String::length).reversed());
    StringBuilder re = new StringBuilder();
    for (String r : raw) {
      re.append(re.isEmpty() ? "" : "|").append(Pattern.quote(r));
    }
    Matcher mt = Pattern.compile(re.toString()).matcher(text);
    return mt.replaceAll(r -> Matcher.quoteReplacement(replaced.get(r.group())));
  }

  long events() {
    return events;
  }

  long redacted() {
    return redacted;
  }

  long withheld() {
    return withheld;
  }
}
