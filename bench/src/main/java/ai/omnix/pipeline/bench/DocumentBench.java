package ai.omnix.pipeline.bench;

import ai.omnix.pipeline.document.DocumentLimits;
import ai.omnix.pipeline.document.extract.DocumentTextExtractor;
import ai.omnix.pipeline.document.extract.ExtractJobHandler;
import ai.omnix.pipeline.document.ocr.DocumentOcr;
import ai.omnix.pipeline.document.ocr.OcrJobHandler;
import ai.omnix.pipeline.document.ocr.OcrJobType;
import ai.omnix.pipeline.document.ocr.TesseractEngines;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Document benchmarks (issue 5), all in this JVM, no database:
 *
 * <ol>
 *   <li><b>ocr</b>: pages/s of our {@code ocr} job handler (in-process, the testkit's {@code
 *       TempDirJobExecution} with assets in a temp directory: staging, PNG decode, OSD
 *       auto-rotation when on, Tesseract LSTM with hOCR, hOCR parsing, text.txt + ocr.json +
 *       searchable.pdf written) on BENCH_OCR_PAGES (20) generated 300-dpi page images of known
 *       text, one job per page, {@code min(2, cores)} jobs in parallel (pages recognised on the OCR
 *       pool, one Tesseract engine per pool thread), versus the Debian {@code tesseract} CLI on the
 *       same PNG files ({@code --oem 1 --psm 3 --dpi 300 -l eng}, hOCR + txt output) in two thread
 *       settings: {@code OMP_THREAD_LIMIT=1} with one process per core in parallel, and default
 *       (OpenMP) threading with one process at a time; the better is the baseline. Our job is
 *       measured with its default params (auto_rotate and searchable_pdf on), with {@code
 *       auto_rotate=false}, and with {@code auto_rotate=false, searchable_pdf=false} (the work
 *       closest to what the CLI does), to show what OSD and the searchable PDF cost. Order: warm-up
 *       (untimed, 2 pages each way), then the ways interleaved for BENCH_DOC_ROUNDS rounds (1). CER
 *       of both outputs against the known text (whitespace collapsed) is reported as a sanity
 *       check.
 *   <li><b>extract</b>: seconds and MB/s of our {@code extract} handler on a generated
 *       BENCH_EXTRACT_PAGES (50) page text PDF and a DOCX of the same text, plus PDFBox's plain
 *       {@code PDFTextStripper} on the same PDF as a reference; median of 5 after 2 untimed runs.
 *   <li><b>typical PDF end to end</b>: a 10-page A4 PDF, 8 text pages + 2 image-only (scanned)
 *       pages, through the {@code ocr} handler with default params: seconds per run, 3 runs (goal
 *       &le; 10 s).
 * </ol>
 *
 * BENCH_OCR_CLI_DEFAULT_THREADS=0 skips the CLI's default-threading way (on an oversubscribed
 * 2-core machine it is several times slower than one single-threaded process per core, and takes
 * most of the run).
 *
 * <p>Page size: BENCH_OCR_PAGE=half (default: A4 width, half its height, 2480x1754 px) or full
 * (2480x3508 px).
 */
final class DocumentBench {
  static final double GOAL_OCR_RATIO = 0.95;
  static final double GOAL_TYPICAL_SECONDS = 10.0;
  private static final Font FONT = new Font("SansSerif", Font.PLAIN, 42); // about 10 pt at 300 dpi
  private static final int MARGIN = 120;

  private DocumentBench() {}

  public static void main(String[] args) {
    int status = 0;
    Logs.quiet();
    try {
      BenchConfig config = BenchConfig.fromEnvironment();
      Path file = Results.write(config, "document", run(config));
      System.out.println("results written to " + file);
    } catch (Throwable e) {
      System.err.println("benchmark document failed:");
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  static Map<String, Object> run(BenchConfig config) throws Exception {
    System.setProperty("java.awt.headless", "true");
    // PDFBox warns on every page that Helvetica is drawn with a fallback font (no Type 1 fonts
    // installed): noise.
    if (org.slf4j.LoggerFactory.getLogger("org.apache.pdfbox")
        instanceof ch.qos.logback.classic.Logger pdfbox) {
      pdfbox.setLevel(ch.qos.logback.classic.Level.ERROR);
    }
    Map<String, Object> out = Results.header("document", config);
    int pages = intEnv("BENCH_OCR_PAGES", 20, 2, 500);
    boolean fullPage =
        "full".equalsIgnoreCase(System.getenv().getOrDefault("BENCH_OCR_PAGE", "half"));
    int rounds = intEnv("BENCH_DOC_ROUNDS", 1, 1, 10);
    int extractPages = intEnv("BENCH_EXTRACT_PAGES", 50, 1, 2000);
    int parallel = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("BENCH_OCR_PAGES", pages);
    settings.put("BENCH_OCR_PAGE", fullPage ? "full" : "half");
    settings.put("BENCH_DOC_ROUNDS", rounds);
    settings.put("BENCH_EXTRACT_PAGES", extractPages);
    settings.put("BENCH_OCR_CLI_DEFAULT_THREADS", intEnv("BENCH_OCR_CLI_DEFAULT_THREADS", 1, 0, 1));
    settings.put("parallel_jobs", parallel);
    out.put("document_settings", settings);

    DocumentLimits limits = DocumentLimits.defaults();
    DocumentTextExtractor extractor = new DocumentTextExtractor(limits);
    OcrJobHandler ocr =
        new OcrJobHandler(
            new DocumentOcr(new TesseractEngines(limits.tessdataDir()), extractor), limits);
    ExtractJobHandler extract = new ExtractJobHandler(extractor, limits);

    Path work = Files.createTempDirectory("omnix-bench-document-");
    try {
      out.put("ocr", ocrBench(ocr, work, pages, fullPage, rounds, parallel));
      out.put("extract", extractBench(extract, work, extractPages));
      out.put("typical_pdf", typicalPdfBench(ocr, work));
    } finally {
      DocumentBenchSupport.deleteTree(work);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> machine = (Map<String, Object>) out.get("machine");
    machine.put("load_average_at_end", Results.loadAverage());
    System.out.printf(
        "%nload average: start %s, end %s%n",
        machine.get("load_average_at_start"), machine.get("load_average_at_end"));
    return out;
  }

  // ---- 1. OCR pages/s vs the tesseract CLI
  // ---------------------------------------------------------------------

  private record Page(Path png, String text) {}

  /**
   * One timed batch: wall seconds for all pages, and the summed edit distance / reference length.
   */
  private record Batch(String way, int pages, double seconds, long edits, long referenceChars) {
    double pagesPerSecond() {
      return pages / seconds;
    }

    double cer() {
      return (double) edits / Math.max(1, referenceChars);
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("way", way);
      m.put("pages", pages);
      m.put("seconds", Results.round(seconds));
      m.put("pages_per_second", Results.round(pagesPerSecond()));
      m.put("cer_percent", Math.round(cer() * 100_000) / 1000.0);
      return m;
    }
  }

  @FunctionalInterface
  private interface PageOcr {
    /** Recognises one page; returns the recognised text. */
    String recognize(Page page, Path scratch) throws Exception;
  }

  private static Map<String, Object> ocrBench(
      OcrJobHandler handler, Path work, int count, boolean fullPage, int rounds, int parallel)
      throws Exception {
    int width = DocumentBenchSupport.A4_WIDTH;
    int height = fullPage ? DocumentBenchSupport.A4_HEIGHT : DocumentBenchSupport.A4_HEIGHT / 2;
    System.out.printf(
        "%n== ocr: generating %d pages of %dx%d px (300 dpi, %s A4) ==%n",
        count, width, height, fullPage ? "full" : "half");
    Path dir = Files.createDirectories(work.resolve("ocr-pages"));
    SplittableRandom random = new SplittableRandom(20261126L);
    int lineCount = DocumentBenchSupport.linesFitting(FONT, height, MARGIN);
    List<Page> pages = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<String> lines = DocumentBenchSupport.lines(random, FONT, width - 2 * MARGIN, lineCount);
      BufferedImage image = DocumentBenchSupport.page(width, height, lines, FONT, MARGIN);
      Path png = dir.resolve(String.format("page-%03d.png", i + 1));
      ImageIO.write(image, "png", png.toFile());
      pages.add(new Page(png, String.join("\n", lines)));
    }
    long chars =
        pages.stream().mapToLong(p -> DocumentBenchSupport.normalize(p.text()).length()).sum();
    System.out.printf(
        "   %d lines a page, %d characters in all (whitespace collapsed)%n", lineCount, chars);

    Map<String, Object> m = new LinkedHashMap<>();
    m.put("page_width_px", width);
    m.put("page_height_px", height);
    m.put(
        "page_size", fullPage ? "A4 at 300 dpi" : "half A4 at 300 dpi (A4 width, half its height)");
    m.put("lines_per_page", lineCount);
    m.put("reference_characters", chars);
    m.put("font", FONT.getFamily() + " " + FONT.getSize() + " px");

    Map<String, PageOcr> ways = new LinkedHashMap<>();
    ways.put(
        "ours: ocr job, default params (auto_rotate, searchable_pdf on)",
        (page, scratch) ->
            DocumentBenchSupport.run(handler, scratch, page.png(), Map.of()).output("text.txt"));
    ways.put(
        "ours: ocr job, auto_rotate=false (searchable_pdf on)",
        (page, scratch) ->
            DocumentBenchSupport.run(
                    handler, scratch, page.png(), Map.of(OcrJobType.AUTO_ROTATE, false))
                .output("text.txt"));
    ways.put(
        "ours: ocr job, auto_rotate=false, searchable_pdf=false",
        (page, scratch) ->
            DocumentBenchSupport.run(
                    handler,
                    scratch,
                    page.png(),
                    Map.of(OcrJobType.AUTO_ROTATE, false, OcrJobType.SEARCHABLE_PDF, false))
                .output("text.txt"));
    String tesseract = findOnPath("tesseract");
    String cliVersion = null;
    if (tesseract == null) {
      System.out.println(
          "!! the tesseract CLI is not installed (no 'tesseract' on PATH): the CLI baseline is "
              + "skipped. Install it with: apt-get update && apt-get install -y tesseract-ocr");
      m.put("cli", "tesseract not found on PATH; install with apt-get install -y tesseract-ocr");
    } else {
      cliVersion = firstLine(List.of(tesseract, "--version"));
      m.put("cli", tesseract + " (" + cliVersion + ")");
      ways.put(
          "cli: OMP_THREAD_LIMIT=1, " + parallel + " processes in parallel",
          (page, scratch) -> cli(tesseract, page, scratch, "1"));
      if (intEnv("BENCH_OCR_CLI_DEFAULT_THREADS", 1, 0, 1) == 1) {
        ways.put(
            "cli: default threading, 1 process at a time",
            (page, scratch) -> cli(tesseract, page, scratch, null));
      }
    }
    Map<String, Integer> threads = new LinkedHashMap<>();
    for (String way : ways.keySet()) {
      threads.put(way, way.contains("1 process at a time") ? 1 : parallel);
    }

    System.out.println("   warm-up (untimed): 2 pages each way");
    for (Map.Entry<String, PageOcr> way : ways.entrySet()) {
      batch(way.getKey(), way.getValue(), pages.subList(0, 2), threads.get(way.getKey()), work);
    }
    Map<String, List<Batch>> batches = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (Map.Entry<String, PageOcr> way : ways.entrySet()) {
        Batch b = batch(way.getKey(), way.getValue(), pages, threads.get(way.getKey()), work);
        batches.computeIfAbsent(way.getKey(), k -> new ArrayList<>()).add(b);
        System.out.printf(
            "   round %d  %-62s %6.2f s  %5.2f pages/s  CER %.2f%%  (load %s)%n",
            round, b.way(), b.seconds(), b.pagesPerSecond(), b.cer() * 100, Results.loadAverage());
      }
    }
    List<Object> list = new ArrayList<>();
    Map<String, Double> best = new LinkedHashMap<>();
    for (Map.Entry<String, List<Batch>> e : batches.entrySet()) {
      for (Batch b : e.getValue()) {
        list.add(b.toMap());
      }
      best.put(
          e.getKey(),
          e.getValue().stream().mapToDouble(Batch::pagesPerSecond).max().orElse(Double.NaN));
    }
    m.put("runs", list);
    String oursDefault =
        ways.keySet().stream().filter(k -> k.contains("default params")).findFirst().orElseThrow();
    String oursLean =
        ways.keySet().stream()
            .filter(k -> k.contains("searchable_pdf=false"))
            .findFirst()
            .orElseThrow();
    double ours = best.get(oursDefault);
    double oursNoOsd = best.get(oursLean);
    m.put("ours_pages_per_second", Results.round(ours));
    m.put(
        "ours_no_osd_pages_per_second",
        Results.round(best.get("ours: ocr job, auto_rotate=false (searchable_pdf on)")));
    m.put("ours_no_osd_no_pdf_pages_per_second", Results.round(oursNoOsd));
    System.out.printf(
        "%n   ours (default params): %.2f pages/s; ours (auto_rotate=false, searchable_pdf=false): "
            + "%.2f pages/s%n",
        ours, oursNoOsd);
    if (tesseract != null) {
      String baselineWay =
          best.entrySet().stream()
              .filter(e -> e.getKey().startsWith("cli:"))
              .max(Map.Entry.comparingByValue())
              .orElseThrow()
              .getKey();
      double baseline = best.get(baselineWay);
      m.put("baseline_way", baselineWay);
      m.put("baseline_pages_per_second", Results.round(baseline));
      m.put("ratio", Results.round(ours / baseline));
      m.put("ratio_no_osd_no_pdf", Results.round(oursNoOsd / baseline));
      m.put("goal_ratio", GOAL_OCR_RATIO);
      m.put("goal_met", ours / baseline >= GOAL_OCR_RATIO);
      System.out.printf("   baseline (%s): %.2f pages/s%n", baselineWay, baseline);
      System.out.printf(
          "   ratio ours/baseline: %.3f (default params), %.3f (no OSD, no PDF); goal >= %.2f: %s%n",
          ours / baseline,
          oursNoOsd / baseline,
          GOAL_OCR_RATIO,
          ours / baseline >= GOAL_OCR_RATIO ? "met" : "NOT met");
    }
    return m;
  }

  private static Batch batch(String label, PageOcr way, List<Page> pages, int threads, Path work)
      throws Exception {
    Path scratch = Files.createTempDirectory(work, "batch-");
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      List<Future<String>> futures = new ArrayList<>();
      for (Page page : pages) {
        futures.add(pool.submit(() -> way.recognize(page, scratch)));
      }
      List<String> texts = new ArrayList<>();
      for (Future<String> f : futures) {
        texts.add(f.get());
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long edits = 0;
      long chars = 0;
      for (int i = 0; i < pages.size(); i++) {
        String expected = DocumentBenchSupport.normalize(pages.get(i).text());
        edits +=
            DocumentBenchSupport.levenshtein(
                expected, DocumentBenchSupport.normalize(texts.get(i)));
        chars += expected.length();
      }
      return new Batch(label, pages.size(), seconds, edits, chars);
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(1, TimeUnit.MINUTES);
      DocumentBenchSupport.deleteTree(scratch);
    }
  }

  /** The CLI on one page: hOCR and plain text, like the job's hOCR; returns the text. */
  private static String cli(String tesseract, Page page, Path scratch, String ompThreadLimit)
      throws Exception {
    String name = page.png().getFileName().toString().replace(".png", "");
    Path base = scratch.resolve("cli-" + name);
    ProcessBuilder pb =
        new ProcessBuilder(
                tesseract,
                page.png().toString(),
                base.toString(),
                "-l",
                "eng",
                "--oem",
                "1",
                "--psm",
                "3",
                "--dpi",
                "300",
                "-c",
                "tessedit_create_hocr=1",
                "-c",
                "tessedit_create_txt=1")
            .redirectErrorStream(true)
            .redirectOutput(scratch.resolve("cli-" + name + ".log").toFile());
    if (ompThreadLimit != null) {
      pb.environment().put("OMP_THREAD_LIMIT", ompThreadLimit);
    } else {
      pb.environment().remove("OMP_THREAD_LIMIT");
    }
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("tesseract timed out on " + page.png());
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          "tesseract exited "
              + p.exitValue()
              + " on "
              + page.png()
              + ": "
              + Files.readString(scratch.resolve("cli-" + name + ".log")));
    }
    return Files.readString(Path.of(base + ".txt"), StandardCharsets.UTF_8);
  }

  // ---- 2. extraction seconds per MB
  // ----------------------------------------------------------------------------

  private static Map<String, Object> extractBench(
      ExtractJobHandler handler, Path work, int pageCount) throws Exception {
    System.out.printf(
        "%n== extract: generating a %d-page text PDF and a DOCX of the same text ==%n", pageCount);
    SplittableRandom random = new SplittableRandom(42L);
    Font pdfFont = new Font("SansSerif", Font.PLAIN, 10);
    List<Object> pdfPages = new ArrayList<>();
    List<String> paragraphs = new ArrayList<>();
    for (int i = 0; i < pageCount; i++) {
      // A4 at 10 pt Helvetica with 13 pt leading: 58 lines of about 480 pt
      List<String> lines = DocumentBenchSupport.lines(random, pdfFont, 470, 58);
      pdfPages.add(lines);
      paragraphs.addAll(lines);
    }
    Path pdf = DocumentBenchSupport.pdf(work.resolve("text-" + pageCount + "-pages.pdf"), pdfPages);
    Path docx =
        DocumentBenchSupport.docx(work.resolve("text-" + pageCount + "-pages.docx"), paragraphs);
    long textChars = paragraphs.stream().mapToLong(String::length).sum();
    System.out.printf(
        "   PDF %.3f MB, DOCX %.3f MB, %d characters of text%n",
        Files.size(pdf) / 1e6, Files.size(docx) / 1e6, textChars);

    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pages", pageCount);
    m.put("text_characters", textChars);
    m.put("mb", "10^6 bytes of the input file");
    m.put(
        "pdf_extract_job",
        timed(
            "extract job, PDF",
            pdf,
            () ->
                DocumentBenchSupport.run(handler, work, pdf, Map.of())
                    .output("text.txt")
                    .length()));
    m.put(
        "pdfbox_text_stripper",
        timed(
            "PDFBox PDFTextStripper, PDF (reference)",
            pdf,
            () -> {
              try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
                return new PDFTextStripper().getText(document).length();
              }
            }));
    m.put(
        "docx_extract_job",
        timed(
            "extract job, DOCX",
            docx,
            () ->
                DocumentBenchSupport.run(handler, work, docx, Map.of())
                    .output("text.txt")
                    .length()));
    return m;
  }

  @FunctionalInterface
  private interface Work {
    int run() throws Exception;
  }

  private static Map<String, Object> timed(String label, Path file, Work work) throws Exception {
    int chars = 0;
    for (int i = 0; i < 2; i++) {
      chars = work.run();
    }
    double[] seconds = new double[5];
    for (int i = 0; i < seconds.length; i++) {
      long start = System.nanoTime();
      chars = work.run();
      seconds[i] = (System.nanoTime() - start) / 1e9;
    }
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    double median = sorted[sorted.length / 2];
    double mb = Files.size(file) / 1e6;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file_bytes", Files.size(file));
    m.put("characters_out", chars);
    m.put("median_seconds", Results.round(median));
    m.put("min_seconds", Results.round(sorted[0]));
    m.put("max_seconds", Results.round(sorted[sorted.length - 1]));
    m.put("seconds_per_mb", Results.round(median / mb));
    m.put("mb_per_second", Results.round(mb / median));
    System.out.printf(
        "   %-40s median %.3f s (min %.3f, max %.3f) = %.2f s/MB, %.2f MB/s, %d chars out%n",
        label, median, sorted[0], sorted[sorted.length - 1], median / mb, mb / median, chars);
    return m;
  }

  // ---- 3. a typical 10-page PDF end to end
  // ---------------------------------------------------------------------

  private static Map<String, Object> typicalPdfBench(OcrJobHandler handler, Path work)
      throws Exception {
    System.out.printf(
        "%n== typical PDF: 10 A4 pages (8 text, pages 3 and 8 scanned at 300 dpi), ocr job ==%n");
    SplittableRandom random = new SplittableRandom(7L);
    Font pdfFont = new Font("SansSerif", Font.PLAIN, 10);
    int scanLines = DocumentBenchSupport.linesFitting(FONT, DocumentBenchSupport.A4_HEIGHT, MARGIN);
    List<Object> pages = new ArrayList<>();
    StringBuilder scannedText = new StringBuilder();
    for (int i = 1; i <= 10; i++) {
      if (i == 3 || i == 8) {
        List<String> lines =
            DocumentBenchSupport.lines(
                random, FONT, DocumentBenchSupport.A4_WIDTH - 2 * MARGIN, scanLines);
        pages.add(
            DocumentBenchSupport.page(
                DocumentBenchSupport.A4_WIDTH,
                DocumentBenchSupport.A4_HEIGHT,
                lines,
                FONT,
                MARGIN));
        scannedText.append(String.join(" ", lines)).append(' ');
      } else {
        pages.add(DocumentBenchSupport.lines(random, pdfFont, 470, 58));
      }
    }
    Path pdf = DocumentBenchSupport.pdf(work.resolve("typical-10-pages.pdf"), pages);
    System.out.printf("   %.3f MB%n", Files.size(pdf) / 1e6);
    List<Double> seconds = new ArrayList<>();
    Map<String, Object> summary = null;
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      DocumentBenchSupport.Run run = DocumentBenchSupport.run(handler, work, pdf, Map.of());
      double s = (System.nanoTime() - start) / 1e9;
      seconds.add(s);
      summary = run.result().summary();
      System.out.printf(
          "   run %d: %.2f s (pages %s, ocr_pages %s; load %s)%n",
          i + 1, s, summary.get("pages"), summary.get("ocr_pages"), Results.loadAverage());
    }
    List<Double> sorted = new ArrayList<>(seconds);
    sorted.sort(Double::compare);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file_bytes", Files.size(pdf));
    m.put("pages", summary.get("pages"));
    m.put("ocr_pages", summary.get("ocr_pages"));
    m.put("params", "defaults (languages eng, auto_rotate on, searchable_pdf on)");
    m.put("seconds", seconds.stream().map(Results::round).toList());
    m.put("median_seconds", Results.round(sorted.get(1)));
    m.put("goal_seconds", GOAL_TYPICAL_SECONDS);
    m.put("max_seconds", Results.round(sorted.get(sorted.size() - 1)));
    m.put("goal_met_by_median", sorted.get(1) <= GOAL_TYPICAL_SECONDS);
    System.out.printf(
        "   median %.2f s, max %.2f s; goal <= %.0f s (median): %s%n",
        sorted.get(1),
        sorted.get(sorted.size() - 1),
        GOAL_TYPICAL_SECONDS,
        sorted.get(1) <= GOAL_TYPICAL_SECONDS ? "met" : "NOT met");
    return m;
  }

  // ---- helpers
  // --------------------------------------------------------------------------------------------------

  private static String findOnPath(String binary) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, binary);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }

  private static String firstLine(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
      return output.lines().findFirst().orElse("").strip();
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  private static int intEnv(String name, int def, int min, int max) {
    String raw = System.getenv(name);
    if (raw == null || raw.isBlank()) {
      return def;
    }
    int value = Integer.parseInt(raw.trim());
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }
}
