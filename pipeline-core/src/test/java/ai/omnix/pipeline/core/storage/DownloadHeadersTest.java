package ai.omnix.pipeline.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DownloadHeadersTest {
  @ParameterizedTest
  @CsvSource({
    "text/html, application/octet-stream",
    "TEXT/HTML; charset=utf-8, application/octet-stream",
    "image/svg+xml, application/octet-stream",
    "application/xhtml+xml, application/octet-stream",
    "application/rss+xml, application/octet-stream",
    "text/xml, application/octet-stream",
    "application/javascript, application/octet-stream",
    "text/css, application/octet-stream",
    "'text/plain\r\nX-Evil: 1', application/octet-stream",
    "'', application/octet-stream",
    "image/png, image/png",
    "video/mp4, video/mp4",
    "application/pdf, application/pdf",
    "text/plain; charset=utf-8, text/plain",
    "application/vnd.apple.mpegurl, application/vnd.apple.mpegurl"
  })
  void activeOrMalformedTypesAreServedAsOctetStream(String stored, String served) {
    assertThat(DownloadHeaders.safeType(stored)).isEqualTo(served);
  }

  @ParameterizedTest
  @CsvSource(
      quoteCharacter = '`',
      value = {
        "report.pdf, `attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf`",
        "`a\"b;c.txt`, `attachment; filename=\"a_b_c.txt\"; filename*=UTF-8''a%22b%3Bc.txt`",
        "`\u00e9t\u00e9 2026.jpg`, `attachment; filename=\"_t__2026.jpg\";"
            + " filename*=UTF-8''%C3%A9t%C3%A9%202026.jpg`"
      })
  void theDispositionIsAnAttachmentWithASafeName(String name, String expected) {
    assertThat(DownloadHeaders.attachment(name, "id", "image/png").contentDisposition())
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"a1", "asset_9"})
  void withoutANameTheAssetIdIsUsed(String id) {
    assertThat(DownloadHeaders.attachment(null, id, "image/png").contentDisposition())
        .startsWith("attachment; filename=\"" + id + "\"");
  }
}
