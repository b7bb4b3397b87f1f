package ai.omnix.pipeline.document.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TikaContentSnifferTest {
  private final TikaContentSniffer sniffer = new TikaContentSniffer();

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void trustsTheBytesOverTheName() {
    byte[] exe = new byte[512];
    exe[0] = 'M';
    exe[1] = 'Z';
    assertThat(sniffer.sniff(exe, "invoice.pdf")).isNotEqualTo("application/pdf").contains("ms");
    assertThat(sniffer.sniff(bytes("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj"), "scan.bin"))
        .isEqualTo("application/pdf");
    assertThat(
            sniffer.sniff(
                new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13},
                "a.jpg"))
        .isEqualTo("image/png");
  }

  @Test
  void usesTheNameOnlyToRefineWhatTheBytesAllow() {
    assertThat(sniffer.sniff(bytes("a,b,c\n1,2,3\n"), "table.csv")).isEqualTo("text/csv");
    assertThat(sniffer.sniff(bytes("just words\n"), null)).isEqualTo("text/plain");
    assertThat(sniffer.sniff(new byte[0], null)).isEqualTo("application/octet-stream");
  }
}
