package ai.omnix.pipeline.dashboard.console.web;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The overview's last hour as bars of an inline SVG: per five-minute slice, succeeded (below) and
 * failed (stacked on top), scaled to the tallest slice.
 */
public record Chart(List<Bar> bars, long max) {
  public static final int HEIGHT = 100;
  public static final int BAR_WIDTH = 30;
  private static final DateTimeFormatter HH_MM =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

  public record Bar(
      int x,
      int succeededY,
      int succeededHeight,
      int failedY,
      int failedHeight,
      String label,
      long succeeded,
      long failed) {}

  public static Chart of(List<ConsoleQueries.Bucket> buckets) {
    long max =
        Math.max(1, buckets.stream().mapToLong(b -> b.succeeded() + b.failed()).max().orElse(1));
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < buckets.size(); i++) {
      ConsoleQueries.Bucket b = buckets.get(i);
      int hs = (int) Math.round((double) HEIGHT * b.succeeded() / max);
      int hf = (int) Math.round((double) HEIGHT * b.failed() / max);
      bars.add(
          new Bar(
              i * (BAR_WIDTH + 4),
              HEIGHT - hs,
              hs,
              HEIGHT - hs - hf,
              hf,
              HH_MM.format(b.from()),
              b.succeeded(),
              b.failed()));
    }
    return new Chart(bars, max);
  }
}
