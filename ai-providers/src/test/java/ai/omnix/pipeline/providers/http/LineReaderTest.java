package ai.omnix.pipeline.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

  private static List<String> lines(String text, int max) throws Exception {
    LineReader reader =
        new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
    List<String> lines = new ArrayList<>();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lines.add(line);
    }
    return lines;
  }

  @Test
  void splitsOnLfCrlfAndCrAndKeepsTheLastLineWithoutEnding() throws Exception {
    assertThat(lines("a\nb\r\nc\rd\r\n\r\nü last", 100))
        .containsExactly("a", "b", "c", "d", "", "ü last");
  }

  @Test
  void aCrlfSplitAcrossTwoReadsIsOneLineEnd() throws Exception {
    InputStream trickle =
        new InputStream() {
          private final byte[] bytes = "one\r\ntwo\n".getBytes(StandardCharsets.UTF_8);
          private int at;

          @Override
          public int read() {
            return at < bytes.length ? bytes[at++] : -1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (at >= bytes.length) {
              return -1;
            }
            b[off] = bytes[at++];
            return 1;
          }
        };
    LineReader reader = new LineReader(trickle, 10);

    assertThat(reader.readLine()).isEqualTo("one");
    assertThat(reader.readLine()).isEqualTo("two");
    assertThat(reader.readLine()).isNull();
  }

  @Test
  void aLineOverTheBoundFailsInsteadOfGrowing() {
    assertThatThrownBy(() -> lines("short\n" + "x".repeat(20_000) + "\n", 10_000))
        .isInstanceOf(LineReader.LineTooLongException.class);
  }
}
