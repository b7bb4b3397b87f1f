package ai.omnix.pipeline.media.ffmpeg;

import java.time.Duration;
import java.util.function.IntConsumer;

/**
 * Turns ffmpeg's {@code -progress} key=value lines into a percentage: {@code out_time_us} over the
 * total duration, capped at 99 (the caller reports 100 once the output is stored). Reports only
 * changes.
 */
final class ProgressParser {
  private final long totalMicros;
  private final IntConsumer listener;
  private int last = -1;

  ProgressParser(Duration total, IntConsumer listener) {
    this.totalMicros = total == null ? 0 : total.toNanos() / 1000;
    this.listener = listener;
  }

  void acceptLine(String line) {
    if (totalMicros <= 0 || !line.startsWith("out_time_us=")) {
      return;
    }
    long micros;
    try {
      micros = Long.parseLong(line.substring("out_time_us=".length()).trim());
    } catch (NumberFormatException e) {
      return; // "N/A" before the first frame
    }
    int percent = (int) Math.max(0, Math.min(99, micros * 100 / totalMicros));
    if (percent != last) {
      last = percent;
      listener.accept(percent);
    }
  }
}
