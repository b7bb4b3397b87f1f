package ai.omnix.pipeline.chat.attachment;

import ai.omnix.pipeline.chat.context.TokenCounter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The documents' block of the prompt: a short instruction, then every page's text behind its {@link
 * PageMarkers marker}, within a token budget (what the model's window leaves after the custom
 * instructions, the newest message and the reply's reserve) and a character cap. Each document gets
 * an equal share, and what one leaves unused goes to the next; a page that does not fit whole is
 * cut, and the pages after it are left out. A pure function of its inputs (tested as a table); the
 * response's {@code context.documents} says what was kept.
 */
public final class DocumentContext {
  static final String PREAMBLE =
      "The user attached documents. Their text follows; each page starts with a marker such as"
          + " [asset ast_example page 3]. When your answer uses a page, cite it by repeating its"
          + " marker exactly as written.";
  static final String CUT = " [… page cut to fit]";

  private DocumentContext() {}

  /**
   * @param text the block, or null when there were no documents
   * @param tokens its tokens under the model's tokenizer
   * @param documents per document: asset_id, filename, source, job_id, pages, pages_included,
   *     truncated
   * @param truncated whether any page was cut or left out
   * @param pagesSent the pages whose marker the block carries (citations are checked against them)
   */
  public record Built(
      String text,
      int tokens,
      List<Map<String, Object>> documents,
      boolean truncated,
      Set<PageMarkers.Citation> pagesSent) {}

  public static Built build(
      List<AttachedDocument> documents, TokenCounter counter, int tokenBudget, int maxChars) {
    if (documents.isEmpty()) {
      return new Built(null, 0, List.of(), false, Set.of());
    }
    StringBuilder block = new StringBuilder(PREAMBLE).append("\n\n");
    int tokensLeft = tokenBudget - counter.count(block.toString());
    int charsLeft = maxChars;
    boolean anyTruncated = false;
    Set<PageMarkers.Citation> sent = new LinkedHashSet<>();
    List<Map<String, Object>> described = new ArrayList<>();
    for (int d = 0; d < documents.size(); d++) {
      AttachedDocument document = documents.get(d);
      int docsLeft = documents.size() - d;
      int tokenShare = Math.max(0, tokensLeft) / docsLeft;
      int charShare = Math.max(0, charsLeft) / docsLeft;
      int included = 0;
      boolean truncated = false;
      for (AttachedDocument.Page page : document.pages()) {
        String marker = PageMarkers.marker(document.assetId(), page.number());
        String whole = marker + "\n" + page.text().strip() + "\n\n";
        int tokens = counter.count(whole);
        if (tokens <= tokenShare && whole.length() <= charShare) {
          block.append(whole);
          tokenShare -= tokens;
          charShare -= whole.length();
          tokensLeft -= tokens;
          charsLeft -= whole.length();
          sent.add(new PageMarkers.Citation(document.assetId(), page.number()));
          included++;
          continue;
        }
        truncated = true;
        String cut = cut(marker, page.text().strip(), counter, tokenShare, charShare);
        if (cut != null) {
          int cutTokens = counter.count(cut);
          block.append(cut);
          tokensLeft -= cutTokens;
          charsLeft -= cut.length();
          sent.add(new PageMarkers.Citation(document.assetId(), page.number()));
          included++;
        }
        break;
      }
      anyTruncated |= truncated;
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("asset_id", document.assetId());
      summary.put("filename", document.filename());
      summary.put("source", document.source());
      summary.put("job_id", document.jobId());
      summary.put("pages", document.pages().size());
      summary.put("pages_included", included);
      summary.put("truncated", truncated);
      described.add(summary);
    }
    String text = block.toString().stripTrailing();
    return new Built(text, counter.count(text), described, anyTruncated, sent);
  }

  /**
   * The page's first part that fits, with a note that it was cut; null when nothing useful fits.
   */
  private static String cut(
      String marker, String text, TokenCounter counter, int tokenShare, int charShare) {
    String head = marker + "\n";
    int room = Math.min(text.length(), charShare - head.length() - CUT.length() - 2);
    for (int attempt = 0; attempt < 12 && room >= 16; attempt++) {
      int end = room;
      if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
        end--;
      }
      String candidate = head + text.substring(0, end) + CUT + "\n\n";
      int tokens = counter.count(candidate);
      if (tokens <= tokenShare) {
        return candidate;
      }
      // shrink in proportion to the overshoot, a little more to converge quickly
      room = (int) (room * Math.min(0.9, (double) tokenShare / tokens * 0.95));
    }
    return null;
  }
}
