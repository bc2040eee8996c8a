package io.sextant.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetentionSettingsTest {
  private static final Duration H = Duration.ofHours(1);

  @Test
  void defaultsAreValid() {
    assertThat(RetentionSettings.defaults().raw()).isEqualTo(Duration.ofDays(15));
  }

  @Test
  void rawRetentionIsAtLeastOneDailyPartition() {
    assertThatThrownBy(() -> RetentionSettings.defaults().withRaw(Duration.ofHours(12)))
        .hasMessageContaining("raw retention must be at least 1 day");
  }

  @Test
  void rollupsMustOutliveWhatTheySummarise() {
    assertThatThrownBy(() -> new RetentionSettings(Duration.ofDays(10), Duration.ofDays(5), Duration.ofDays(20), 3, H))
        .hasMessageContaining("rollup1m retention (PT120H) must not be shorter than raw (PT240H)");
    assertThatThrownBy(() -> new RetentionSettings(Duration.ofDays(1), Duration.ofDays(5), Duration.ofDays(2), 3, H))
        .hasMessageContaining("rollup1h retention");
  }

  @Test
  void everyDurationIsPositiveAndPartitionsAheadBounded() {
    assertThatThrownBy(() -> new RetentionSettings(Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(1), 3,
        Duration.ZERO)).hasMessageContaining("maintenanceEvery must be a positive duration");
    assertThatThrownBy(() -> new RetentionSettings(null, Duration.ofDays(1), Duration.ofDays(1), 3, H))
        .hasMessageContaining("raw");
    assertThatThrownBy(() -> new RetentionSettings(Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(1), 0, H))
        .hasMessageContaining("partitionsAhead must be between 1 and 60");
  }
}
