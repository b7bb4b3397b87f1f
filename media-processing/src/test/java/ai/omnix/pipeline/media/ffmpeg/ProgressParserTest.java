package ai.omnix.pipeline.media.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressParserTest {

  @Test
  void turnsOutTimeIntoPercentOfTheTotalCappedAt99AndReportsOnlyChanges() {
    List<Integer> seen = new ArrayList<>();
    ProgressParser parser = new ProgressParser(Duration.ofSeconds(4), seen::add);
    for (String line :
        List.of(
            "frame=1",
            "out_time_us=N/A",
            "out_time_us=-23000",
            "out_time_us=1000000",
            "out_time_ms=1000000",
            "out_time_us=1000001",
            "progress=continue",
            "out_time_us=3000000",
            "out_time_us=4100000",
            "progress=end")) {
      parser.acceptLine(line);
    }
    assertThat(seen).containsExactly(0, 25, 75, 99);
  }

  @Test
  void reportsNothingWithoutATotal() {
    List<Integer> seen = new ArrayList<>();
    new ProgressParser(null, seen::add).acceptLine("out_time_us=1000000");
    assertThat(seen).isEmpty();
  }

  @Test
  void boundedTextKeepsTheHeadAndTheTail() {
    BoundedText text = new BoundedText(20, 10);
    for (int i = 0; i < 1000; i++) {
      text.appendLine("line " + i);
    }
    assertThat(text.toString())
        .startsWith("line 0\nline 1\n")
        .endsWith("line 999\n")
        .hasSizeLessThan(60);
  }
}
