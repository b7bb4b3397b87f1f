package ai.omnix.pipeline.document.ocr;

import java.util.List;

/** The result of OCR over all pages of an image or PDF. */
public record OcrDocument(String detectedType, List<Page> pages) {

  public OcrDocument {
    pages = List.copyOf(pages);
  }

  /** How a page's text was obtained. */
  public enum Source {
    OCR,
    TEXT_LAYER
  }

  /** A box in the page image's pixels (for text-layer pages: null). */
  public record Box(int x, int y, int width, int height) {}

  public record Word(String text, Box box, float confidence) {}

  public record Line(String text, Box box, List<Word> words) {
    public Line {
      words = List.copyOf(words);
    }
  }

  /**
   * @param width image width in pixels (0 for a text-layer page)
   * @param dpi the resolution OCR ran at, or 0
   * @param rotation how far the page was turned clockwise as found by orientation detection (0, 90,
   *     180, 270); boxes, width and height refer to the page after turning it upright
   */
  public record Page(
      int number,
      Source source,
      int width,
      int height,
      int dpi,
      int rotation,
      String text,
      List<Line> lines) {
    public Page {
      lines = List.copyOf(lines);
    }
  }

  /** All pages' text, pages separated by a blank line. */
  public String text() {
    StringBuilder out = new StringBuilder();
    for (Page page : pages) {
      if (!out.isEmpty()) {
        out.append("\n\n");
      }
      out.append(page.text());
    }
    return out.toString();
  }

  /** The mean word confidence (0–100) over OCR'd words, or null when no page was OCR'd. */
  public Double meanConfidence() {
    double sum = 0;
    long n = 0;
    for (Page page : pages) {
      for (Line line : page.lines()) {
        for (Word word : line.words()) {
          if (page.source() == Source.OCR) {
            sum += word.confidence();
            n++;
          }
        }
      }
    }
    return n == 0 ? null : sum / n;
  }
}
