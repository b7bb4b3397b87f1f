package ai.omnix.pipeline.document.thumbnail;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A parsed {@code pages} parameter: '1', '2-4', '1,3,9'; 1-based, distinct, ascending, bounded in
 * count.
 */
public final class PageSelection {
  private PageSelection() {}

  public static List<Integer> parse(String spec, int maxPages) {
    TreeSet<Integer> pages = new TreeSet<>();
    for (String part : spec.split(",")) {
      String p = part.strip();
      int dash = p.indexOf('-');
      int from;
      int to;
      try {
        from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).strip());
        to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("must be page numbers and ranges such as 1,3-5");
      }
      if (from < 1 || to < from) {
        throw new IllegalArgumentException("must be page numbers and ranges such as 1,3-5");
      }
      if ((long) to - from + 1 + pages.size() > maxPages) {
        throw new IllegalArgumentException("must select at most " + maxPages + " pages");
      }
      for (int page = from; page <= to; page++) {
        pages.add(page);
      }
    }
    if (pages.size() > maxPages) {
      throw new IllegalArgumentException("must select at most " + maxPages + " pages");
    }
    return new ArrayList<>(pages);
  }
}
