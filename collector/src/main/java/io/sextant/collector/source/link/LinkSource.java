package io.sextant.collector.source.link;

import io.sextant.collector.rate.CounterRates;
import io.sextant.collector.source.Source;
import io.sextant.common.link.LinkInterface;
import io.sextant.common.link.LinkStats;
import io.sextant.common.model.Sample;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per link (resource {@code link:<id>}): {@code link_tx_bps}, what its interface sent per second
 * since the previous window (from the kernel's tx byte counter, timed by this source's clock when
 * it reads it, so a late window does not inflate the rate); {@code link_shaped_bps}, the rate its
 * shaper allows; and {@code link_utilization_ratio}, the first over the second (only for a shaped
 * link: an unshaped veth has no capacity to compare with). The first window after start only sets
 * the baseline.
 *
 * <p>A link whose interface cannot be read (gone, tc missing) is logged and counted ({@link
 * #errors()}) and left out of that window; the other links' samples still go.
 */
public final class LinkSource implements Source {
  public static final String TX_BPS = "link_tx_bps";
  public static final String SHAPED_BPS = "link_shaped_bps";
  public static final String UTILIZATION = "link_utilization_ratio";
  private static final Logger log = LoggerFactory.getLogger(LinkSource.class);

  private final String site;
  private final Map<String, LinkInterface> links;
  private final LinkStats stats;
  private final Clock clock;
  private final CounterRates<String> rates = new CounterRates<>();
  private final AtomicLong errors = new AtomicLong();

  /** @param links by the topology's link id ({@code edge-1~edge-2}): the interface sending over it */
  public LinkSource(String site, Map<String, LinkInterface> links, LinkStats stats, Clock clock) {
    if (links.isEmpty()) {
      throw new IllegalArgumentException("sources.links: at least one link");
    }
    this.site = site;
    this.links = new LinkedHashMap<>(links);
    this.stats = stats;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "links";
  }

  @Override
  public List<Sample> collect(Instant windowEnd) {
    List<Sample> out = new ArrayList<>();
    for (Map.Entry<String, LinkInterface> e : links.entrySet()) {
      String resource = "link:" + e.getKey();
      try {
        long bytes = stats.txBytes(e.getValue());
        OptionalDouble bytesPerS = rates.rate(e.getKey(), bytes, clock.millis());
        OptionalLong shaped = stats.rateBps(e.getValue());
        shaped.ifPresent(r -> out.add(sample(SHAPED_BPS, resource, windowEnd, r)));
        if (bytesPerS.isPresent()) {
          double bps = bytesPerS.getAsDouble() * 8;
          out.add(sample(TX_BPS, resource, windowEnd, bps));
          if (shaped.isPresent() && shaped.getAsLong() > 0) {
            out.add(sample(UTILIZATION, resource, windowEnd, bps / shaped.getAsLong()));
          }
        }
      } catch (RuntimeException ex) {
        errors.incrementAndGet();
        log.warn("link {} ({}): not read this window: {}", e.getKey(), e.getValue(), ex.getMessage());
      }
    }
    rates.endRound();
    return out;
  }

  /** Reads of a link that failed, since start. */
  public long errors() {
    return errors.get();
  }

  private Sample sample(String metric, String resource, Instant t, double v) {
    return new Sample(site, metric, Map.of(Sample.RESOURCE, resource), t, v);
  }
}
