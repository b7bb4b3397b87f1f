package ai.omnix.pipeline.document.testing;

/**
 * Character error rate by Levenshtein distance, after collapsing whitespace (line breaks are
 * layout, not text).
 */
public final class TextMetrics {
  private TextMetrics() {}

  public static String normalize(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  public static double characterErrorRate(String expected, String actual) {
    String e = normalize(expected);
    String a = normalize(actual);
    return (double) levenshtein(e, a) / Math.max(1, e.length());
  }

  public static int levenshtein(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
