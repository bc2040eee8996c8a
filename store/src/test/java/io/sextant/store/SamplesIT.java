package io.sextant.store;

import static io.sextant.store.Fixtures.at;
import static io.sextant.store.Fixtures.grid;
import static io.sextant.store.Fixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Sample;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SamplesIT {
  private static PostgresStore store;

  @BeforeAll
  static void open() {
    store = Stores.open(TestPostgres.freshDatabase("samples"));
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @BeforeEach
  void empty() {
    TestPostgres.truncateAll(store);
  }

  @Test
  void theSameBatchTwiceIsStoredOnce() {
    List<Sample> batch = grid(3, 10);

    assertThat(store.writeSamples(batch)).isEqualTo(30);
    assertThat(store.writeSamples(batch)).isZero();

    assertThat(store.sampleCount()).isEqualTo(30);
    assertThat(store.samples("cpu_util", at(0), at(1000))).containsExactlyElementsOf(sortedBySeriesThenTime(batch));
  }

  @Test
  void aRedeliveredMessageIsSkippedWholeAndItsSamplesUnderAnotherIdTakeThePerRowPath() throws SQLException {
    List<Sample> batch = grid(3, 10);
    long fallbacksBefore = store.fallbackWrites();
    long skippedBefore = store.skippedMessages();

    assertThat(store.writeSamples("msg-1", batch)).isEqualTo(30);
    assertThat(store.fallbackWrites()).as("a fresh message is one direct COPY").isEqualTo(fallbacksBefore);
    assertThat(store.writeSamples("msg-1", batch)).isZero();
    assertThat(store.skippedMessages()).isEqualTo(skippedBefore + 1);
    assertThat(store.fallbackWrites()).as("a redelivery writes nothing at all").isEqualTo(fallbacksBefore);

    List<Sample> overlapping = new ArrayList<>(batch.subList(0, 10));
    overlapping.add(sample("n9", 0, 42));
    assertThat(store.writeSamples("msg-2", overlapping)).as("only the new point").isEqualTo(1);
    assertThat(store.fallbackWrites()).isEqualTo(fallbacksBefore + 1);

    assertThat(store.sampleCount()).isEqualTo(31);
    assertThat(queryLong("SELECT count(*) FROM ingest_ledger")).isEqualTo(2);
  }

  @Test
  void labelsAreStoredOncePerSeries() throws SQLException {
    store.writeSamples(grid(3, 10));
    store.writeSamples(grid(3, 20));

    assertThat(queryLong("SELECT count(*) FROM series")).isEqualTo(3);
  }

  @Test
  void aPartlyResentBatchInsertsOnlyTheNewPoints() {
    store.writeSamples(grid(2, 5));

    assertThat(store.writeSamples(grid(2, 8))).isEqualTo(6);
    assertThat(store.sampleCount()).isEqualTo(16);
  }

  @Test
  void outOfOrderTimesLandInTimeOrder() {
    List<Sample> late = List.of(sample("n1", 50, 5), sample("n1", 60, 6));
    List<Sample> early = new ArrayList<>(List.of(sample("n1", 0, 0), sample("n1", 10, 1), sample("n1", 20, 2)));
    Collections.reverse(early);

    assertThat(store.writeSamples(late)).isEqualTo(2);
    assertThat(store.writeSamples(early)).isEqualTo(3);

    assertThat(store.samples("cpu_util", at(0), at(1000)))
        .extracting(Sample::value)
        .containsExactly(0.0, 1.0, 2.0, 5.0, 6.0);
  }

  @Test
  void aPointRepeatedInsideOneBatchCountsOnce() {
    assertThat(store.writeSamples(List.of(sample("n1", 0, 1), sample("n1", 0, 1), sample("n1", 10, 2)))).isEqualTo(2);
  }

  @Test
  void aResentPointKeepsTheFirstValue() {
    store.writeSamples(List.of(sample("n1", 0, 1)));
    store.writeSamples(List.of(sample("n1", 0, 99)));

    assertThat(store.samples("cpu_util", at(0), at(1))).extracting(Sample::value).containsExactly(1.0);
  }

  @Test
  void nanAndInfinityAreRejectedAndTheGoodSamplesBesideThemKept() {
    long before = store.rejectedSamples();
    List<Sample> batch = List.of(
        sample("n1", 0, 1),
        sample("n1", 10, Double.NaN),
        sample("n2", 0, Double.POSITIVE_INFINITY),
        sample("n1", 20, 3),
        sample("n\u0000", 0, 4));

    assertThat(store.writeSamples(batch)).isEqualTo(2);

    assertThat(store.rejectedSamples() - before).isEqualTo(3);
    assertThat(store.samples("cpu_util", at(0), at(1000)))
        .containsExactly(sample("n1", 0, 1), sample("n1", 20, 3));
  }

  @Test
  void aBatchOfOnlyBadSamplesWritesNothing() {
    assertThat(store.writeSamples(List.of(sample("n1", 0, Double.NaN)))).isZero();
    assertThat(store.sampleCount()).isZero();
  }

  @Test
  void theRangeIsHalfOpenAndFiltersByMetric() {
    store.writeSamples(grid(1, 10)); // times 0, 10, ..., 90
    store.writeSamples(List.of(new Sample("edge-1", "mem_util", sample("n9", 0, 0).labels(), at(30), 7)));

    assertThat(store.samples("cpu_util", at(20), at(50)))
        .extracting(Sample::time)
        .containsExactly(at(20), at(30), at(40));
    assertThat(store.samples("mem_util", at(0), at(100))).hasSize(1);
  }

  @Test
  void aBatchLargerThanOneStatementIsWrittenWhole() {
    List<Sample> batch = grid(12, 1_000);

    long t0 = System.nanoTime();
    int written = store.writeSamples(batch);
    long micros = (System.nanoTime() - t0) / 1_000;

    assertThat(written).isEqualTo(12_000).isGreaterThan(SampleTable.CHUNK);
    assertThat(store.writeSamples(batch)).isZero();
    System.out.printf("wrote 12000 samples in %d ms (%.0f rows/s)%n", micros / 1000, 12_000 / (micros / 1e6));
  }

  private static List<Sample> sortedBySeriesThenTime(List<Sample> samples) {
    return samples.stream()
        .sorted(Comparator.comparingLong(Sample::seriesId).thenComparing(Sample::time))
        .toList();
  }

  private static long queryLong(String sql) throws SQLException {
    try (Connection c = store.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      long v = rs.getLong(1);
      c.commit();
      return v;
    }
  }
}
