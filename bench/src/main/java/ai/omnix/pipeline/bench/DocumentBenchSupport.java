package ai.omnix.pipeline.bench;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.testkit.jobs.TempDirJobAssets;
import ai.omnix.pipeline.testkit.jobs.TempDirJobExecution;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/**
 * Fixtures for {@link DocumentBench}, adapted from document-processing's test fixtures
 * (DocumentFixtures, TextMetrics), running handlers on the testkit's {@link TempDirJobExecution}
 * whose assets live in a temp directory, generated page images / PDFs / DOCX files of known text,
 * and the character error rate.
 */
final class DocumentBenchSupport {
  static final int DPI = 300;

  /** A4 at 300 dpi. */
  static final int A4_WIDTH = 2480;

  static final int A4_HEIGHT = 3508;

  private DocumentBenchSupport() {}

  private static final String[] WORDS =
      ("the of and to in is was for that with as on by at from this have are be "
              + "which or had not but first one their its new after who they been has more two also were other into "
              + "some time only when would about many over years such most could these where between under world city "
              + "school system during national while because state number through river known called water people "
              + "company music until early group found house public since being three against government second "
              + "family local began north south found series county power million several including report market "
              + "station village building history design process network energy method result review quality "
              + "program service account measure benchmark document invoice payment customer delivery contract")
          .split(" ");

  /**
   * Lines of pseudo-English (fixed seed) that fit {@code widthPx} in {@code font}; {@code count}
   * lines.
   */
  static List<String> lines(SplittableRandom random, Font font, int widthPx, int count) {
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = probe.createGraphics();
    FontMetrics metrics = g.getFontMetrics(font);
    g.dispose();
    List<String> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      StringBuilder line = new StringBuilder();
      while (true) {
        String word = WORDS[random.nextInt(WORDS.length)];
        if (line.length() == 0) {
          word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
        }
        if (random.nextInt(12) == 0) {
          word = word + (random.nextBoolean() ? "," : ".");
        }
        if (random.nextInt(15) == 0) {
          word = Integer.toString(10 + random.nextInt(9990));
        }
        String candidate = line.length() == 0 ? word : line + " " + word;
        if (metrics.stringWidth(candidate) > widthPx) {
          break;
        }
        line.setLength(0);
        line.append(candidate);
      }
      lines.add(line.toString());
    }
    return lines;
  }

  /**
   * How many lines of {@code font} fit a page of {@code heightPx} with margin {@code margin} and
   * 1.4 spacing.
   */
  static int linesFitting(Font font, int heightPx, int margin) {
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = probe.createGraphics();
    FontMetrics metrics = g.getFontMetrics(font);
    g.dispose();
    int lineHeight = (int) (metrics.getHeight() * 1.4);
    return (heightPx - 2 * margin) / lineHeight;
  }

  /** Black anti-aliased text on a white page of the given size (a clean 300-dpi scan). */
  static BufferedImage page(int width, int height, List<String> lines, Font font, int margin) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(font);
      FontMetrics metrics = g.getFontMetrics();
      int lineHeight = (int) (metrics.getHeight() * 1.4);
      int y = margin + metrics.getAscent();
      for (String line : lines) {
        g.drawString(line, margin, y);
        y += lineHeight;
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  /**
   * A PDF: text pages (Helvetica 10 pt, a real text layer) and image-only pages, in the order
   * given.
   */
  static Path pdf(Path file, List<Object> pages) throws IOException {
    try (PDDocument document = new PDDocument()) {
      PDType1Font helvetica = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (Object p : pages) {
        if (p instanceof BufferedImage scan) {
          float width = scan.getWidth() * 72f / DPI;
          float height = scan.getHeight() * 72f / DPI;
          PDPage page = new PDPage(new PDRectangle(width, height));
          document.addPage(page);
          PDImageXObject image = LosslessFactory.createFromImage(document, scan);
          try (PDPageContentStream content = new PDPageContentStream(document, page)) {
            content.drawImage(image, 0, 0, width, height);
          }
        } else {
          @SuppressWarnings("unchecked")
          List<String> lines = (List<String>) p;
          PDPage page = new PDPage(PDRectangle.A4);
          document.addPage(page);
          try (PDPageContentStream content = new PDPageContentStream(document, page)) {
            content.beginText();
            content.setFont(helvetica, 10);
            content.setLeading(13);
            content.newLineAtOffset(56, 790);
            for (String line : lines) {
              content.showText(line);
              content.newLine();
            }
            content.endText();
          }
        }
      }
      document.save(file.toFile());
    }
    return file;
  }

  static Path docx(Path file, List<String> paragraphs) throws IOException {
    try (XWPFDocument document = new XWPFDocument();
        OutputStream out = Files.newOutputStream(file)) {
      for (String paragraph : paragraphs) {
        document.createParagraph().createRun().setText(paragraph);
      }
      document.write(out);
    }
    return file;
  }

  // ---- running a handler in-process
  // -------------------------------------------------------------------------

  /** One handler run: its result and the files it wrote (by output name). */
  record Run(JobResult result, Map<String, Path> outputs, Path directory) {
    String output(String name) throws IOException {
      return Files.readString(outputs.get(name), StandardCharsets.UTF_8);
    }
  }

  /** Runs {@code handler} on {@code input} with a fresh temp-dir execution under {@code parent}. */
  static Run run(JobHandler handler, Path parent, Path input, Map<String, Object> params)
      throws Exception {
    Path directory = Files.createTempDirectory(parent, "run-");
    TempDirJobAssets assets = new TempDirJobAssets(directory);
    String assetId = assets.addInput(input);
    JobResult result =
        handler.handle(new TempDirJobExecution(handler.type(), assetId, params, assets));
    Map<String, Path> files = new LinkedHashMap<>();
    assets.outputs().forEach((name, written) -> files.put(name, written.file()));
    return new Run(result, files, directory);
  }

  // ---- text metrics
  // -------------------------------------------------------------------------------------------

  static String normalize(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  static int levenshtein(String a, String b) {
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

  static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // best effort
                }
              });
    } catch (IOException ignored) {
      // best effort
    }
  }
}
