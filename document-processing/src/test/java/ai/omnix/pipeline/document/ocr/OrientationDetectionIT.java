package ai.omnix.pipeline.document.ocr;

import static ai.omnix.pipeline.document.testing.DocumentFixtures.textImage;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tesseract's orientation detection (OSD) on the bundled osd model, through pooled engines. */
class OrientationDetectionIT {
  private static final List<String> LINES =
      List.of(
          "Minutes of the harbour board meeting held on the third of May.",
          "Present were the harbour master, the treasurer and two pilots.",
          "The board agreed to repaint the lighthouse before the winter storms.",
          "Ferry fares stay the same until the end of the next financial year.",
          "The pilots asked for a second boat for the night shifts in autumn.",
          "Any other business: the cafe on the quay may open on Sundays too.");

  private final TesseractEngines engines = new TesseractEngines(null);

  @AfterEach
  void freeEngines() {
    engines.close();
  }

  @Test
  void detectsEachQuarterTurnOfSmallPrint() {
    BufferedImage upright = textImage(LINES, "SansSerif", 34); // about 8 pt at 300 dpi

    for (int turned : new int[] {0, 90, 180, 270}) {
      assertThat(engines.detectRotation(DocumentOcr.rotate(upright, turned), 300))
          .as("turned %d", turned)
          .isEqualTo(turned);
    }
  }

  @Test
  void detectsTheTurnOfAPageLargerThanA4At300DpiOnAReducedCopy() {
    List<String> longer = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      longer.addAll(LINES);
    }
    BufferedImage page = textImage(longer, "SansSerif", 84); // 8 pt at 600 dpi
    BufferedImage turned = DocumentOcr.rotate(page, 90);
    assertThat((long) turned.getWidth() * turned.getHeight())
        .isGreaterThan(TesseractEngines.MAX_ORIENTATION_PIXELS);

    assertThat(engines.detectRotation(turned, 600)).isEqualTo(90);
  }

  @Test
  void saysUprightWhenThereIsNoText() {
    BufferedImage blank = textImage(List.of(" "), "SansSerif", 42);

    assertThat(engines.detectRotation(blank, 300)).isZero();
  }

  @Test
  void reusesOneEnginePerConcurrentCallerAndFreesThemOnClose() throws Exception {
    BufferedImage page = DocumentOcr.rotate(textImage(LINES, "SansSerif", 42), 180);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 3; round++) {
        Future<Integer> first = pool.submit(() -> engines.detectRotation(page, 300));
        Future<Integer> second = pool.submit(() -> engines.detectRotation(page, 300));
        assertThat(first.get(60, TimeUnit.SECONDS)).isEqualTo(180);
        assertThat(second.get(60, TimeUnit.SECONDS)).isEqualTo(180);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(engines.idleOrientationEngines()).isBetween(1, 2);

    engines.close();

    assertThat(engines.idleOrientationEngines()).isZero();
  }
}
