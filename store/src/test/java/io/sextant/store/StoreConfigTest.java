package io.sextant.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreConfigTest {

  @Test
  void aBlankUrlMeansEmbedded() {
    assertThat(new StoreConfig("  ", "u", "p", 0, null).embedded()).isTrue();
    assertThat(new StoreConfig(null, null, null, 0, Path.of("/var/lib/sextant/pg")).embedded()).isTrue();
    assertThat(StoreConfig.external("jdbc:postgresql://db:5432/sextant", "sextant", "s3cret").embedded()).isFalse();
  }

  @Test
  void anUnsetPoolSizeTakesTheDefaultAndANegativeOneIsRejected() {
    assertThat(new StoreConfig(null, null, null, 0, null).poolSize()).isEqualTo(StoreConfig.DEFAULT_POOL_SIZE);
    assertThatThrownBy(() -> new StoreConfig(null, null, null, -1, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("poolSize");
  }

  @Test
  void aUrlForAnotherDatabaseIsRejected() {
    assertThatThrownBy(() -> StoreConfig.external("jdbc:mysql://db/sextant", "u", "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbcUrl");
  }

  @Test
  void thePasswordStaysOutOfTheLogs() {
    assertThat(StoreConfig.external("jdbc:postgresql://db/sextant", "sextant", "s3cret").toString())
        .doesNotContain("s3cret")
        .contains("jdbc:postgresql://db/sextant");
  }
}
