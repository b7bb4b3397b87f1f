package ai.omnix.pipeline.chat.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.chat.context.TokenCounter;
import ai.omnix.pipeline.chat.context.Tokenizers;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DocumentContextTest {
  private static final TokenCounter COUNTER = Tokenizers.named("cl100k_base");

  private static AttachedDocument aDocument(String assetId, String... pages) {
    List<AttachedDocument.Page> list =
        java.util.stream.IntStream.range(0, pages.length)
            .mapToObj(i -> new AttachedDocument.Page(i + 1, pages[i]))
            .toList();
    return new AttachedDocument(assetId, assetId + ".pdf", "extract", "job-" + assetId, list);
  }

  @Test
  void everyPageGoesBehindItsMarkerWhenTheBudgetAllows() {
    DocumentContext.Built built =
        DocumentContext.build(
            List.of(aDocument("ast_a", "Alpha page one.", "Alpha page two.")),
            COUNTER,
            10_000,
            100_000);

    assertThat(built.text())
        .contains("[asset ast_a page 1]\nAlpha page one.")
        .contains("[asset ast_a page 2]\nAlpha page two.");
    assertThat(built.truncated()).isFalse();
    assertThat(built.tokens()).isEqualTo(COUNTER.count(built.text()));
    assertThat(built.pagesSent())
        .containsExactly(
            new PageMarkers.Citation("ast_a", 1), new PageMarkers.Citation("ast_a", 2));
    assertThat(built.documents().get(0))
        .containsEntry("pages", 2)
        .containsEntry("pages_included", 2)
        .containsEntry("truncated", false)
        .containsEntry("job_id", "job-ast_a");
  }

  @Test
  void aBudgetTooSmallCutsAPageAndLeavesTheRestOutSayingSo() {
    String longPage = "word ".repeat(2_000);
    DocumentContext.Built built =
        DocumentContext.build(
            List.of(aDocument("ast_a", longPage, "Never reached.")), COUNTER, 400, 100_000);

    assertThat(built.tokens()).isLessThanOrEqualTo(400);
    assertThat(built.text()).contains("[asset ast_a page 1]").contains(DocumentContext.CUT);
    assertThat(built.text()).doesNotContain("page 2]").doesNotContain("Never reached.");
    assertThat(built.truncated()).isTrue();
    assertThat(built.documents().get(0))
        .containsEntry("pages_included", 1)
        .containsEntry("truncated", true);
    assertThat(built.pagesSent()).containsExactly(new PageMarkers.Citation("ast_a", 1));
  }

  @Test
  void documentsShareTheCharacterCapSoTheSecondIsNotCrowdedOut() {
    String big = "x ".repeat(5_000);
    DocumentContext.Built built =
        DocumentContext.build(
            List.of(aDocument("ast_a", big, big), aDocument("ast_b", "Bravo.")),
            COUNTER,
            1_000_000,
            6_000);

    assertThat(built.text()).contains("[asset ast_b page 1]\nBravo.");
    assertThat(built.text().length())
        .isLessThanOrEqualTo(6_000 + DocumentContext.PREAMBLE.length() + 2);
    assertThat(built.documents()).extracting(d -> d.get("truncated")).containsExactly(true, false);
  }

  @Test
  void noDocumentsNoBlock() {
    DocumentContext.Built built = DocumentContext.build(List.of(), COUNTER, 1000, 1000);
    assertThat(built.text()).isNull();
    assertThat(built.pagesSent()).isEmpty();
  }

  @Test
  void citationsAreTheMarkersARepliesRepeatsThatThePromptCarried() {
    Set<PageMarkers.Citation> sent =
        Set.of(new PageMarkers.Citation("ast_a", 1), new PageMarkers.Citation("ast_a", 2));
    String reply =
        "See [asset ast_a page 2] and [asset ast_a page 2] again, [asset ast_a page 9] (invented),"
            + " [asset ast_zz page 1] (not attached) and [asset ast_a page 1].";

    assertThat(PageMarkers.wire(PageMarkers.citations(reply, sent)))
        .containsExactly(
            Map.of("asset_id", "ast_a", "page", 2), Map.of("asset_id", "ast_a", "page", 1));
    assertThat(PageMarkers.citations("no markers at all", sent)).isEmpty();
    assertThat(PageMarkers.citations(reply, Set.of())).isEmpty();
  }
}
