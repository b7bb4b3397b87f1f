package ai.omnix.pipeline.document.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.document.DocumentLimits;
import ai.omnix.pipeline.document.extract.DocumentTextExtractor;
import ai.omnix.pipeline.document.testing.DocumentFixtures;
import ai.omnix.pipeline.document.testing.JobRuns;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.bytedeco.leptonica.PIX;
import org.bytedeco.leptonica.global.leptonica;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentThumbnailJobHandlerIT {
  private static final DocumentLimits LIMITS = DocumentLimits.defaults();
  private static final DocumentThumbnailJobHandler HANDLER =
      new DocumentThumbnailJobHandler(new DocumentTextExtractor(LIMITS), LIMITS);

  @TempDir Path dir;

  private JobRuns runs() {
    return new JobRuns(HANDLER, dir);
  }

  private static BufferedImage image(JobRuns.Run run, String name) throws Exception {
    return ImageIO.read(run.assets().outputs().get(name).file().toFile());
  }

  @Test
  void rendersChosenPdfPagesWithinTheBoxKeepingTheAspectRatio() throws Exception {
    Path pdf =
        DocumentFixtures.textPdf(dir.resolve("two.pdf"), List.of(List.of("one"), List.of("two")));

    JobRuns.Run run = runs().run(pdf, Map.of("pages", "1-2", "width", 200, "height", 200));

    assertThat(run.assets().outputs()).containsOnlyKeys("page-1.png", "page-2.png");
    BufferedImage first = image(run, "page-1.png");
    assertThat(first.getHeight()).isEqualTo(200); // A4 is taller than wide
    assertThat(first.getWidth()).isBetween(139, 143);
    assertThat(run.result().summary()).containsEntry("pages", List.of(1, 2));
  }

  @Test
  void scalesImagesDownToJpeg() throws Exception {
    Path png =
        DocumentFixtures.png(
            dir.resolve("scan.png"),
            DocumentFixtures.textImage(
                List.of("A wide line of text for a thumbnail"), "Serif", 42));

    JobRuns.Run run = runs().run(png, Map.of("width", 100, "format", "jpeg"));

    BufferedImage thumb = image(run, "page-1.jpg");
    assertThat(thumb.getWidth()).isEqualTo(100);
    assertThat(run.assets().outputs().get("page-1.jpg").asset().contentType())
        .isEqualTo("image/jpeg");
  }

  @Test
  void refusesAFreePlanPdfOverTheFreePageLimitThatAProPlanRenders() throws Exception {
    int freePages = LIMITS.forPlan(Plan.FREE).maxPages();
    Path pdf = DocumentFixtures.blankPagesPdf(dir.resolve("long.pdf"), freePages + 1);

    assertThatThrownBy(() -> runs().run(pdf, Map.of(), execution -> execution.withPlan(Plan.FREE)))
        .isInstanceOfSatisfying(
            JobFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("too_many_pages");
              assertThat(e.retryable()).isFalse();
            });
    JobRuns.Run pro = runs().run(pdf, Map.of(), execution -> execution.withPlan(Plan.PRO));
    assertThat(pro.assets().outputs()).containsOnlyKeys("page-1.png");
  }

  @Test
  void refusesAFreePlanImageOverTheFreePixelLimitThatAProPlanScales() throws Exception {
    DocumentLimits limits = DocumentLimits.defaults().withMaxImagePixels(Plan.FREE, 10_000L);
    JobRuns runs =
        new JobRuns(
            new DocumentThumbnailJobHandler(new DocumentTextExtractor(limits), limits), dir);
    Path png =
        DocumentFixtures.png(
            dir.resolve("photo.png"), new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB));

    assertThatThrownBy(() -> runs.run(png, Map.of(), execution -> execution.withPlan(Plan.FREE)))
        .isInstanceOfSatisfying(
            JobFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("image_too_large");
              assertThat(e.getMessage()).contains("200x100", "free plan");
            });
    JobRuns.Run pro = runs.run(png, Map.of("width", 50), execution -> execution.withPlan(Plan.PRO));
    assertThat(image(pro, "page-1.png").getWidth()).isEqualTo(50);
  }

  @Test
  void rendersAPdfPageToARealWebp() throws Exception {
    Path pdf =
        DocumentFixtures.textPdf(dir.resolve("two.pdf"), List.of(List.of("one"), List.of("two")));

    JobRuns.Run run =
        runs().run(pdf, Map.of("pages", "2", "width", 200, "height", 200, "format", "webp"));

    assertThat(run.assets().outputs()).containsOnlyKeys("page-2.webp");
    assertThat(run.assets().outputs().get("page-2.webp").asset().contentType())
        .isEqualTo("image/webp");
    assertThat(run.result().summary()).containsEntry("format", "webp");
    byte[] webp = Files.readAllBytes(run.assets().outputs().get("page-2.webp").file());
    assertThat(new String(webp, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    assertThat(new String(webp, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
    assertThat(ByteBuffer.wrap(webp, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt())
        .isEqualTo(webp.length - 8);
    PIX decoded = leptonica.pixReadMemWebP(webp, webp.length);
    assertThat(decoded).isNotNull();
    try {
      int[] width = new int[1];
      int[] height = new int[1];
      leptonica.pixGetDimensions(decoded, width, height, null);
      assertThat(height[0]).isEqualTo(200); // A4 is taller than wide
      assertThat(width[0]).isBetween(139, 143);
    } finally {
      leptonica.pixDestroy(decoded);
    }
  }

  @Test
  void keepsColoursInWebpThumbnails() throws Exception {
    BufferedImage flag = new BufferedImage(400, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = flag.createGraphics();
    g.setColor(new Color(220, 30, 40));
    g.fillRect(0, 0, 200, 200);
    g.setColor(new Color(20, 60, 200));
    g.fillRect(200, 0, 200, 200);
    g.dispose();
    Path png = DocumentFixtures.png(dir.resolve("flag.png"), flag);

    JobRuns.Run run = runs().run(png, Map.of("width", 100, "format", "webp"));

    BufferedImage thumb =
        image(run, "page-1.webp"); // TwelveMonkeys' WebP reader, independent of Leptonica
    assertThat(thumb.getWidth()).isEqualTo(100);
    assertThat(thumb.getHeight()).isEqualTo(50);
    assertThat(new Color(thumb.getRGB(20, 25)))
        .satisfies(
            c -> {
              assertThat(c.getRed()).isBetween(190, 250);
              assertThat(c.getGreen()).isLessThan(70);
              assertThat(c.getBlue()).isLessThan(80);
            });
    assertThat(new Color(thumb.getRGB(80, 25)))
        .satisfies(
            c -> {
              assertThat(c.getRed()).isLessThan(60);
              assertThat(c.getGreen()).isBetween(30, 100);
              assertThat(c.getBlue()).isBetween(170, 230);
            });
  }

  @Test
  void refusesAPageTheDocumentDoesNotHave() throws Exception {
    Path pdf = DocumentFixtures.textPdf(dir.resolve("one.pdf"), List.of(List.of("only page")));

    assertThatThrownBy(() -> runs().run(pdf, Map.of("pages", "3")))
        .isInstanceOfSatisfying(
            JobFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("page_not_found");
              assertThat(e.retryable()).isFalse();
            });
  }
}
