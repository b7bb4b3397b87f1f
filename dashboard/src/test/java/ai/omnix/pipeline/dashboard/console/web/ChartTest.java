package ai.omnix.pipeline.dashboard.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChartTest {

  @Test
  void barsAreScaledToTheBusiestSliceWithFailuresStackedOnSuccesses() {
    Instant t = Instant.parse("2026-12-05T10:00:00Z");
    Chart chart =
        Chart.of(
            List.of(
                new ConsoleQueries.Bucket(t, 30, 10, 5),
                new ConsoleQueries.Bucket(t.plusSeconds(300), 10, 0, 0),
                new ConsoleQueries.Bucket(t.plusSeconds(600), 0, 0, 0)));
    assertThat(chart.max()).isEqualTo(40);
    Chart.Bar busiest = chart.bars().get(0);
    assertThat(busiest.succeededHeight()).isEqualTo(75);
    assertThat(busiest.failedHeight()).isEqualTo(25);
    assertThat(busiest.succeededY()).isEqualTo(25);
    assertThat(busiest.failedY()).isZero();
    assertThat(busiest.label()).isEqualTo("10:00");
    assertThat(chart.bars().get(1).succeededHeight()).isEqualTo(25);
    assertThat(chart.bars().get(2).succeededHeight()).isZero();
    assertThat(chart.bars().get(2).x()).isEqualTo(2 * (Chart.BAR_WIDTH + 4));
  }

  @Test
  void anEmptyHourDrawsNothingAndDividesByNothing() {
    Chart chart = Chart.of(List.of(new ConsoleQueries.Bucket(Instant.EPOCH, 0, 0, 0)));
    assertThat(chart.bars().get(0).succeededHeight()).isZero();
  }

  @Test
  void aCursorRoundTripsAndAForgedOneIsRefused() {
    Instant at = Instant.parse("2026-12-05T10:00:00.123456Z");
    UUID id = UUID.randomUUID();
    String[] parts = ConsoleQueries.decodeCursor(ConsoleQueries.encodeCursor(at, id));
    assertThat(parts).containsExactly(at.toString(), id.toString());
    assertThatThrownBy(() -> ConsoleQueries.decodeCursor("bm90IGEgY3Vyc29y"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConsoleQueries.decodeCursor("%%%"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
