package ai.omnix.pipeline.chat.attachment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The page markers a document's text carries in the prompt ({@code [asset ast_… page 3]}) and the
 * citations read back from a reply that repeats them. A document without pages (Office, HTML, text)
 * is one page, page 1. A pure function of its inputs.
 */
public final class PageMarkers {
  /** At most this many citations are kept from one reply. */
  public static final int MAX_CITATIONS = 50;

  private static final Pattern MARKER =
      Pattern.compile("\\[asset (ast_[A-Za-z0-9]{1,60}) page (\\d{1,6})\\]");

  private PageMarkers() {}

  /** One page of one asset. */
  public record Citation(String assetId, int page) {
    public Map<String, Object> toWire() {
      return Map.of("asset_id", assetId, "page", page);
    }
  }

  public static String marker(String assetId, int page) {
    return "[asset " + assetId + " page " + page + "]";
  }

  /** Every marker in {@code text}, in order of first appearance, each once. */
  public static List<Citation> find(String text) {
    Set<Citation> found = new LinkedHashSet<>();
    Matcher m = MARKER.matcher(text);
    while (m.find() && found.size() < MAX_CITATIONS) {
      found.add(new Citation(m.group(1), Integer.parseInt(m.group(2))));
    }
    return new ArrayList<>(found);
  }

  /**
   * The reply's citations: the markers it repeats that name a page the prompt really carried (a
   * model that invents a page or an asset cites nothing by it).
   */
  public static List<Citation> citations(String reply, Set<Citation> sent) {
    if (sent.isEmpty() || reply == null || reply.isEmpty()) {
      return List.of();
    }
    return find(reply).stream().filter(sent::contains).toList();
  }

  public static List<Map<String, Object>> wire(List<Citation> citations) {
    return citations.stream().map(Citation::toWire).toList();
  }
}
