package ai.omnix.pipeline.document.ocr;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the lines and words (with boxes and confidences) out of Tesseract's hOCR. One recognition
 * pass then gives both levels, where {@code getWords(image, level)} would recognise the image once
 * per level.
 */
final class HocrParser {
  private static final Pattern ELEMENT =
      Pattern.compile(
          "<p class=['\"]ocr_par['\"]"
              + "|<span class=['\"](?:ocr_line|ocr_header|ocr_caption|ocr_textfloat)['\"][^>]*?title=['\"]([^'\"]*)['\"][^>]*>"
              + "|<span class=['\"]ocrx_word['\"][^>]*?title=['\"]([^'\"]*)['\"][^>]*>(.*?)</span>",
          Pattern.DOTALL);
  private static final Pattern BBOX = Pattern.compile("bbox (\\d+) (\\d+) (\\d+) (\\d+)");
  private static final Pattern CONFIDENCE = Pattern.compile("x_wconf (\\d+(?:\\.\\d+)?)");
  private static final Pattern TAG = Pattern.compile("<[^>]*>");

  private HocrParser() {}

  record Parsed(String text, List<OcrDocument.Line> lines) {}

  static Parsed parse(String hocr) {
    List<OcrDocument.Line> lines = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    OcrDocument.Box lineBox = null;
    List<OcrDocument.Word> words = new ArrayList<>();
    boolean pendingBreak = false;
    boolean lineBreakBefore = false;
    Matcher m = ELEMENT.matcher(hocr);
    while (m.find()) {
      if (m.group(0).startsWith("<p")) {
        flush(lines, text, lineBox, words, lineBreakBefore);
        words.clear();
        lineBox = null;
        pendingBreak = true;
      } else if (m.group(1) != null) {
        flush(lines, text, lineBox, words, lineBreakBefore);
        words.clear();
        lineBox = box(m.group(1));
        lineBreakBefore = pendingBreak;
        pendingBreak = false;
      } else {
        String word = unescape(TAG.matcher(m.group(3)).replaceAll("")).strip();
        if (!word.isEmpty()) {
          Matcher c = CONFIDENCE.matcher(m.group(2));
          float confidence = c.find() ? Float.parseFloat(c.group(1)) : 0f;
          words.add(new OcrDocument.Word(word, box(m.group(2)), confidence));
        }
      }
    }
    flush(lines, text, lineBox, words, lineBreakBefore);
    return new Parsed(text.toString(), lines);
  }

  private static void flush(
      List<OcrDocument.Line> lines,
      StringBuilder text,
      OcrDocument.Box box,
      List<OcrDocument.Word> words,
      boolean newParagraph) {
    if (words.isEmpty()) {
      return;
    }
    String lineText = String.join(" ", words.stream().map(OcrDocument.Word::text).toList());
    if (!text.isEmpty()) {
      text.append(newParagraph ? "\n\n" : "\n");
    }
    text.append(lineText);
    lines.add(new OcrDocument.Line(lineText, box, words));
  }

  private static OcrDocument.Box box(String title) {
    Matcher m = BBOX.matcher(title);
    if (!m.find()) {
      return null;
    }
    int x0 = Integer.parseInt(m.group(1));
    int y0 = Integer.parseInt(m.group(2));
    int x1 = Integer.parseInt(m.group(3));
    int y1 = Integer.parseInt(m.group(4));
    return new OcrDocument.Box(x0, y0, x1 - x0, y1 - y0);
  }

  static String unescape(String s) {
    if (s.indexOf('&') < 0) {
      return s;
    }
    return s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
  }
}
