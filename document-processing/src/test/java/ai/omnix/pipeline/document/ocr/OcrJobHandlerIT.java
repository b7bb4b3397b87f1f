package ai.omnix.pipeline.document.ocr;

import static ai.omnix.pipeline.document.testing.DocumentFixtures.textImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.document.DocumentLimits;
import ai.omnix.pipeline.document.extract.DocumentTextExtractor;
import ai.omnix.pipeline.document.testing.DocumentFixtures;
import ai.omnix.pipeline.document.testing.JobRuns;
import ai.omnix.pipeline.document.testing.TextMetrics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real bundled Tesseract 5.5.2 on 300-dpi pages generated from known text. */
class OcrJobHandlerIT {
  static final List<String> KNOWN =
      List.of(
          "The quick brown fox jumps over the lazy dog.",
          "Pack my box with five dozen liquor jugs.",
          "Invoice 4711 was paid on 12 March 2024.");
  static final int PIXEL_SIZE = 42; // about 10 pt at 300 dpi

  private static OcrJobHandler handler;

  @TempDir Path dir;

  @BeforeAll
  static void bundledEngine() {
    DocumentLimits limits =
        DocumentLimits.defaults().withMaxPages(20).withMaxImagePixels(40_000_000);
    handler = handler(limits);
  }

  private static OcrJobHandler handler(DocumentLimits limits) {
    return new OcrJobHandler(
        new DocumentOcr(new TesseractEngines(null), new DocumentTextExtractor(limits)), limits);
  }

  private JobRuns runs() {
    return new JobRuns(handler, dir);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Serif", "SansSerif", "Monospaced"})
  void recognisesPngTextWithinTwoPercentCharacterErrors(String font) throws Exception {
    Path png = DocumentFixtures.png(dir.resolve("scan.png"), textImage(KNOWN, font, PIXEL_SIZE));

    JobRuns.Run run = runs().run(png);

    String text = run.output("text.txt");
    double cer = TextMetrics.characterErrorRate(String.join("\n", KNOWN), text);
    System.out.printf(
        "OCR CER font=%s cer=%.4f confidence=%s text=%s%n",
        font, cer, run.result().summary().get("mean_confidence"), text.replace('\n', '|'));
    assertThat(cer).as("CER for %s: %s", font, text).isLessThanOrEqualTo(0.02);
    assertThat(run.result().summary())
        .containsEntry("pages", 1)
        .containsEntry("detected_type", "image/png");
    assertThat((Double) run.result().summary().get("mean_confidence")).isGreaterThan(80.0);
    String json = run.output("ocr.json");
    assertThat(json)
        .contains("\"source\":\"ocr\"", "\"words\":[", "\"text\":\"quick\"", "\"confidence\":");
    assertThat(json).containsPattern("\"bbox\":\\[\\d+,\\d+,\\d+,\\d+\\]");
    assertThat(TextMetrics.normalize(searchableText(run))).isEqualTo(TextMetrics.normalize(text));
  }

  /** The text PDFBox extracts from the job's searchable.pdf. */
  private static String searchableText(JobRuns.Run run) throws Exception {
    Path pdf = run.assets().outputs().get("searchable.pdf").file();
    try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
      return new PDFTextStripper().getText(document);
    }
  }

  @Test
  void recognisesAScannedPdfAndKeepsTheTextLayerOfAMixedOne() throws Exception {
    Path scanned =
        DocumentFixtures.imagePdf(
            dir.resolve("scanned.pdf"), List.of(textImage(KNOWN, "SansSerif", PIXEL_SIZE)));
    JobRuns.Run scan = runs().run(scanned);
    double cer = TextMetrics.characterErrorRate(String.join("\n", KNOWN), scan.output("text.txt"));
    System.out.printf("OCR CER scanned-pdf cer=%.4f%n", cer);
    assertThat(cer).isLessThanOrEqualTo(0.02);

    Path mixed =
        DocumentFixtures.mixedPdf(
            dir.resolve("mixed.pdf"),
            List.of("Harbour office opening hours are nine to five"),
            textImage(List.of("Lighthouse keepers meet on Fridays."), "Serif", PIXEL_SIZE));
    JobRuns.Run run = runs().run(mixed);

    String text = run.output("text.txt");
    assertThat(text).contains("Harbour office opening hours are nine to five");
    assertThat(TextMetrics.normalize(text)).contains("Lighthouse keepers meet on Fridays.");
    assertThat(run.result().summary()).containsEntry("pages", 2).containsEntry("ocr_pages", 1L);
    assertThat(run.output("ocr.json"))
        .containsSubsequence("\"source\":\"text_layer\"", "\"source\":\"ocr\"");
    assertThat(run.result().outputAssetIds()).hasSize(3);
    String searchable = TextMetrics.normalize(searchableText(run));
    assertThat(searchable)
        .contains("Harbour office opening hours are nine to five")
        .contains("Lighthouse keepers meet on Fridays.");
  }

  @Test
  void recognisesTheScannedPagesOfOneJobInParallelAndKeepsThemInPageOrder() throws Exception {
    List<String> texts =
        List.of(
            "Alpha page of the ledger",
            "Bravo page of the ledger",
            "Charlie page of the ledger",
            "Delta page of the ledger");
    DocumentLimits limits = DocumentLimits.defaults();
    try (DocumentOcr ocr =
        new DocumentOcr(new TesseractEngines(null), new DocumentTextExtractor(limits), 2)) {
      Path scanned =
          DocumentFixtures.imagePdf(
              dir.resolve("ledger.pdf"),
              texts.stream().map(t -> textImage(List.of(t), "SansSerif", PIXEL_SIZE)).toList());

      JobRuns.Run run = new JobRuns(new OcrJobHandler(ocr, limits), dir).run(scanned);

      assertThat(TextMetrics.normalize(run.output("text.txt"))).containsSubsequence(texts);
      assertThat(run.output("ocr.json"))
          .containsSubsequence("\"page\":1", "\"page\":2", "\"page\":3", "\"page\":4");
      assertThat(TextMetrics.normalize(searchableText(run))).containsSubsequence(texts);
      assertThat(run.result().summary()).containsEntry("ocr_pages", 4L);
    }
  }

  @Test
  void writesNoSearchablePdfWhenNotWanted() throws Exception {
    Path png =
        DocumentFixtures.png(
            dir.resolve("note.png"), textImage(List.of("Short note"), "Serif", PIXEL_SIZE));

    JobRuns.Run run = runs().run(png, Map.of("searchable_pdf", false));

    assertThat(run.assets().outputs()).containsOnlyKeys("text.txt", "ocr.json");
  }

  @Test
  void readsEveryPageOfAMultiPageTiff() throws Exception {
    Path tiff =
        DocumentFixtures.multiPageTiff(
            dir.resolve("fax.tiff"),
            List.of(
                textImage(List.of("First page of the fax"), "SansSerif", PIXEL_SIZE),
                textImage(List.of("Second page of the fax"), "SansSerif", PIXEL_SIZE)));

    JobRuns.Run run = runs().run(tiff);

    assertThat(run.result().summary()).containsEntry("pages", 2);
    assertThat(run.output("text.txt"))
        .contains("First page of the fax")
        .contains("Second page of the fax");
  }

  @Test
  void turnsASidewaysScanUprightBeforeRecognisingIt() throws Exception {
    Path png =
        DocumentFixtures.png(
            dir.resolve("sideways.png"),
            DocumentOcr.rotate(textImage(KNOWN, "SansSerif", PIXEL_SIZE), 90));

    JobRuns.Run run = runs().run(png);

    double cer = TextMetrics.characterErrorRate(String.join("\n", KNOWN), run.output("text.txt"));
    System.out.printf("OCR CER rotated-90 cer=%.4f%n", cer);
    assertThat(cer).isLessThanOrEqualTo(0.02);
    assertThat(run.output("ocr.json")).contains("\"rotation\":90");
  }

  @Test
  void readsJpegScans() throws Exception {
    Path jpeg = dir.resolve("receipt.jpg");
    javax.imageio.ImageIO.write(
        textImage(List.of("Total due 42 euros"), "SansSerif", PIXEL_SIZE), "jpg", jpeg.toFile());

    JobRuns.Run run = runs().run(jpeg);

    assertThat(run.result().summary()).containsEntry("detected_type", "image/jpeg");
    assertThat(run.output("text.txt")).contains("Total due 42 euros");
  }

  @Test
  void refusesAnAbsurdPixelCountBeforeDecodingTheRaster() throws Exception {
    Path png = Files.write(dir.resolve("huge.png"), pngHeaderOnly(60_000, 60_000));

    long start = System.nanoTime();
    assertThatThrownBy(() -> runs().run(png))
        .isInstanceOfSatisfying(
            JobFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("image_too_large");
              assertThat(e.retryable()).isFalse();
            });
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
  }

  @Test
  void appliesThePageAndPixelLimitsOfTheJobsPlan() throws Exception {
    DocumentLimits limits =
        DocumentLimits.defaults()
            .withMaxPages(Plan.FREE, 1)
            .withMaxImagePixels(Plan.FREE, 100_000L);
    JobRuns runs = new JobRuns(handler(limits), dir);
    Path twoPages =
        DocumentFixtures.textPdf(
            dir.resolve("two-pages.pdf"),
            List.of(
                List.of("First page with a text layer"), List.of("Second page with a text layer")));
    BufferedImage scan = textImage(List.of("Ferry timetable"), "SansSerif", PIXEL_SIZE);
    assertThat((long) scan.getWidth() * scan.getHeight()).isGreaterThan(100_000L);
    Path png = DocumentFixtures.png(dir.resolve("timetable.png"), scan);

    assertThatThrownBy(
            () -> runs.run(twoPages, Map.of(), execution -> execution.withPlan(Plan.FREE)))
        .isInstanceOfSatisfying(
            JobFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("too_many_pages");
              assertThat(e.getMessage()).contains("free plan");
            });
    assertThatThrownBy(() -> runs.run(png, Map.of(), execution -> execution.withPlan(Plan.FREE)))
        .isInstanceOfSatisfying(
            JobFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("image_too_large");
              assertThat(e.retryable()).isFalse();
            });
    assertThat(
            runs.run(twoPages, Map.of(), execution -> execution.withPlan(Plan.PRO))
                .result()
                .summary())
        .containsEntry("pages", 2);
    assertThat(
            runs.run(png, Map.of(), execution -> execution.withPlan(Plan.PRO)).output("text.txt"))
        .contains("Ferry timetable");
  }

  @Test
  void refusesALanguageWithoutTraineddata() throws Exception {
    Path png =
        DocumentFixtures.png(
            dir.resolve("small.png"), textImage(List.of("Hello"), "SansSerif", PIXEL_SIZE));

    assertThatThrownBy(() -> runs().run(png, Map.of("languages", "eng+xyz")))
        .isInstanceOfSatisfying(
            JobFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("language_unavailable");
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains("xyz");
            });
  }

  @Test
  void givesEachThreadItsOwnEngine() throws Exception {
    Path a =
        DocumentFixtures.png(
            dir.resolve("a.png"), textImage(List.of("Apples and pears"), "Serif", PIXEL_SIZE));
    Path b =
        DocumentFixtures.png(
            dir.resolve("b.png"), textImage(List.of("Rivers and lakes"), "Serif", PIXEL_SIZE));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<String> first = pool.submit(() -> runs().run(a).output("text.txt"));
      Future<String> second = pool.submit(() -> runs().run(b).output("text.txt"));
      assertThat(first.get(60, TimeUnit.SECONDS)).contains("Apples and pears");
      assertThat(second.get(60, TimeUnit.SECONDS)).contains("Rivers and lakes");
    } finally {
      pool.shutdownNow();
    }
  }

  /** A PNG signature, an IHDR declaring the given size, and IEND: no pixel data at all. */
  private static byte[] pngHeaderOnly(int width, int height) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
    DataOutputStream h = new DataOutputStream(ihdr);
    h.writeBytes("IHDR");
    h.writeInt(width);
    h.writeInt(height);
    h.write(new byte[] {8, 0, 0, 0, 0});
    chunk(out, ihdr.toByteArray());
    chunk(out, "IEND".getBytes());
    return bytes.toByteArray();
  }

  private static void chunk(DataOutputStream out, byte[] typeAndData) throws Exception {
    out.writeInt(typeAndData.length - 4);
    out.write(typeAndData);
    CRC32 crc = new CRC32();
    crc.update(typeAndData);
    out.writeInt((int) crc.getValue());
  }
}
