package ai.omnix.pipeline.document.extract;

import static ai.omnix.pipeline.document.testing.DocumentFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.job.handler.JobCanceledException;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.document.DocumentLimits;
import ai.omnix.pipeline.document.testing.DocumentFixtures;
import ai.omnix.pipeline.document.testing.JobRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractJobHandlerIT {
  private static DocumentTextExtractor extractor;

  @TempDir Path dir;

  @BeforeAll
  static void sharedExtractor() {
    extractor = new DocumentTextExtractor(DocumentLimits.defaults().withMaxPages(50));
  }

  private JobRuns runs() {
    return new JobRuns(
        new ExtractJobHandler(extractor, DocumentLimits.defaults().withMaxPages(50)), dir);
  }

  @Test
  void extractsPdfTextPageByPageWithOffsets() throws Exception {
    Path pdf =
        DocumentFixtures.textPdf(
            dir.resolve("report.pdf"),
            List.of(
                List.of(
                    "Quarterly report for the harbour office", "Revenue grew by twelve percent"),
                List.of("Second page about lighthouse maintenance")));

    JobRuns.Run run = runs().run(pdf);

    String text = run.output("text.txt");
    assertThat(text)
        .contains(
            "Quarterly report for the harbour office", "Second page about lighthouse maintenance");
    assertThat(run.result().summary())
        .containsEntry("detected_type", "application/pdf")
        .containsEntry("pages", 2)
        .containsEntry("characters", text.length());
    assertThat((String) run.result().summary().get("text_preview")).startsWith("Quarterly report");
    String json = run.output("document.json");
    assertThat(json).contains("\"page_count\":2").contains("\"pdf:PDFVersion\"");
    int secondStart = text.indexOf("Second page");
    assertThat(json).contains("\"start\":" + secondStart);
    assertThat(run.assets().outputs().get("text.txt").sourceAssetId())
        .isEqualTo(run.inputAssetId());
    assertThat(run.result().outputAssetIds()).hasSize(2);
  }

  @Test
  void extractsOfficeOpenDocumentWebRtfTextCsvAndMail() throws Exception {
    Map<Path, String> cases = new java.util.LinkedHashMap<>();
    cases.put(
        DocumentFixtures.docx(
            dir.resolve("letter.docx"), List.of("Dear customer, your parcel shipped.")),
        "Dear customer, your parcel shipped.");
    cases.put(
        DocumentFixtures.xlsx(dir.resolve("prices.xlsx"), List.of(List.of("apples", "pears"))),
        "apples");
    cases.put(
        DocumentFixtures.pptx(dir.resolve("deck.pptx"), "Roadmap for the winter release"),
        "Roadmap for the winter release");
    cases.put(
        DocumentFixtures.odt(dir.resolve("notes.odt"), "Minutes of the garden committee"),
        "Minutes of the garden committee");
    cases.put(
        write(
            dir.resolve("page.html"),
            "<html><head><title>T</title></head><body><p>Opening hours are nine to five</p></body></html>"),
        "Opening hours are nine to five");
    cases.put(
        write(
            dir.resolve("memo.rtf"),
            "{\\rtf1\\ansi{\\fonttbl\\f0\\fswiss Helvetica;}\\f0\\pard "
                + "Remember the quarterly audit\\par}"),
        "Remember the quarterly audit");
    cases.put(
        write(dir.resolve("readme.txt"), "Plain words in a plain file\n"),
        "Plain words in a plain file");
    cases.put(write(dir.resolve("table.csv"), "city,population\nOslo,709000\n"), "Oslo,709000");
    cases.put(
        write(
            dir.resolve("mail.eml"),
            """
        From: alice@example.com
        To: bob@example.com
        Subject: Lunch
        Date: Mon, 3 Mar 2025 10:00:00 +0000
        MIME-Version: 1.0
        Content-Type: text/plain; charset=UTF-8

        Shall we meet at the fish market at noon?
        """),
        "Shall we meet at the fish market at noon?");

    for (var entry : cases.entrySet()) {
      JobRuns.Run run = runs().run(entry.getKey());
      assertThat(run.output("text.txt"))
          .as(entry.getKey().getFileName().toString())
          .contains(entry.getValue());
    }
    JobRuns.Run docx = runs().run(dir.resolve("letter.docx"));
    assertThat(docx.result().summary().get("detected_type"))
        .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    assertThat(docx.output("document.json")).contains("\"metadata\":{");
  }

  @Test
  void refusesEncryptedPdfWithoutThePasswordAndReadsItWithIt() throws Exception {
    Path pdf =
        DocumentFixtures.encryptedPdf(
            dir.resolve("secret.pdf"), List.of("Salary table of the crew"), "s3cret");

    assertThatThrownBy(() -> runs().run(pdf))
        .isInstanceOfSatisfying(
            JobFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("encrypted");
              assertThat(e.retryable()).isFalse();
            });
    assertThatThrownBy(() -> runs().run(pdf, Map.of("password", "wrong")))
        .isInstanceOfSatisfying(
            JobFailedException.class, e -> assertThat(e.code()).isEqualTo("encrypted"));

    JobRuns.Run run = runs().run(pdf, Map.of("password", "s3cret"));
    assertThat(run.output("text.txt")).contains("Salary table of the crew");
  }

  @Test
  void refusesAZipBombDocxQuicklyAndLeavesNoTempFile() throws Exception {
    Path bomb = DocumentFixtures.zipBombDocx(dir.resolve("bomb.docx"), dir, 300L << 20);
    assertThat(Files.size(bomb)).isLessThan(2L << 20);
    long tempFilesBefore = stagedTempFiles();

    long start = System.nanoTime();
    assertThatThrownBy(() -> runs().run(bomb))
        .isInstanceOfSatisfying(
            JobFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("document_bomb");
              assertThat(e.retryable()).isFalse();
            });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    assertThat(stagedTempFiles()).isEqualTo(tempFilesBefore);
  }

  @Test
  void refusesAPdfWithMorePagesThanTheLimit() throws Exception {
    Path pdf = DocumentFixtures.blankPagesPdf(dir.resolve("long.pdf"), 51);

    assertThatThrownBy(() -> runs().run(pdf))
        .isInstanceOfSatisfying(
            JobFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("too_many_pages");
              assertThat(e.retryable()).isFalse();
            });
  }

  @Test
  void refusesAFreePlanPdfOverTheFreePageLimitThatAProPlanExtracts() throws Exception {
    DocumentLimits limits = DocumentLimits.defaults();
    int freePages = limits.forPlan(Plan.FREE).maxPages();
    Path pdf = DocumentFixtures.blankPagesPdf(dir.resolve("long.pdf"), freePages + 1);
    JobRuns runs =
        new JobRuns(new ExtractJobHandler(new DocumentTextExtractor(limits), limits), dir);

    assertThatThrownBy(() -> runs.run(pdf, Map.of(), execution -> execution.withPlan(Plan.FREE)))
        .isInstanceOfSatisfying(
            JobFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("too_many_pages");
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains("free plan", "at most " + freePages + " pages");
            });
    JobRuns.Run pro = runs.run(pdf, Map.of(), execution -> execution.withPlan(Plan.PRO));
    assertThat(pro.result().summary()).containsEntry("pages", freePages + 1);
  }

  @Test
  void reportsAMalformedFileAsUnreadable() throws Exception {
    byte[] junk = new byte[4096];
    new java.util.Random(7).nextBytes(junk);
    System.arraycopy("%PDF-1.7\n".getBytes(), 0, junk, 0, 9);
    Path pdf = Files.write(dir.resolve("broken.pdf"), junk);
    Path docx =
        Files.write(
            dir.resolve("broken.docx"),
            java.util.Arrays.copyOf(
                Files.readAllBytes(DocumentFixtures.docx(dir.resolve("ok.docx"), List.of("x"))),
                600));

    for (Path broken : List.of(pdf, docx)) {
      assertThatThrownBy(() -> runs().run(broken))
          .as(broken.toString())
          .isInstanceOfSatisfying(
              JobFailedException.class,
              e -> {
                assertThat(e.code()).isEqualTo("unreadable_document");
                assertThat(e.retryable()).isFalse();
              });
    }
  }

  @Test
  void cutsTextAtTheCharacterLimitAndSaysSo() throws Exception {
    DocumentLimits limits = DocumentLimits.defaults().withMaxCharacters(100);
    Path txt = write(dir.resolve("long.txt"), "word ".repeat(1_000));

    JobRuns.Run run =
        new JobRuns(new ExtractJobHandler(new DocumentTextExtractor(limits), limits), dir).run(txt);

    assertThat(run.result().summary()).containsEntry("truncated", true);
    assertThat(run.output("text.txt").length()).isLessThanOrEqualTo(100);
  }

  @Test
  void stopsAtTheHardTimeLimit() throws Exception {
    DocumentLimits limits = DocumentLimits.defaults().withTimeLimit(Duration.ofNanos(1));
    Path pdf = DocumentFixtures.textPdf(dir.resolve("slow.pdf"), List.of(List.of("any text")));

    assertThatThrownBy(() -> new JobRuns(new ExtractJobHandler(extractor, limits), dir).run(pdf))
        .isInstanceOfSatisfying(
            JobFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("document_timeout");
              assertThat(e.retryable()).isFalse();
            });
  }

  @Test
  void refusesAnEncryptedDocxWithoutThePasswordAndReadsItWithIt() throws Exception {
    Path docx =
        DocumentFixtures.encryptedDocx(
            dir.resolve("locked.docx"),
            dir,
            List.of("Board minutes are confidential"),
            "opensesame");

    assertThatThrownBy(() -> runs().run(docx))
        .isInstanceOfSatisfying(
            JobFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("encrypted");
              assertThat(e.retryable()).isFalse();
            });
    assertThat(runs().run(docx, Map.of("password", "opensesame")).output("text.txt"))
        .contains("Board minutes are confidential");
  }

  @Test
  void stopsWhenTheJobIsCanceled() throws Exception {
    Path txt = write(dir.resolve("any.txt"), "some words");

    assertThatThrownBy(() -> runs().run(txt, Map.of(), execution -> execution.cancel()))
        .isInstanceOf(JobCanceledException.class);
  }

  private static long stagedTempFiles() throws Exception {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(p -> p.getFileName().toString().startsWith("omnix-doc-")).count();
    }
  }
}
