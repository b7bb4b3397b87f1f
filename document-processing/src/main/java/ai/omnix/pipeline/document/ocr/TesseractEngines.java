package ai.omnix.pipeline.document.ocr;

import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.document.DocumentFailures;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import net.sourceforge.tess4j.Tesseract;
import net.sourceforge.tess4j.TesseractException;

/**
 * Tesseract engines, one per calling thread: a Tesseract engine is not thread-safe, so an engine is never shared.
 * tess4j initialises the native engine at the start of each recognition and frees it at the end, so a thread's
 * {@link Tesseract} holds only settings between calls (nothing native leaks with the thread). Each engine runs on
 * one core (see {@link TesseractNatives}); a worker pool of N threads uses N cores. Thread-safe.
 */
public final class TesseractEngines {
  /** Language codes as Tesseract names its traineddata files, joined with '+'. */
  private static final Pattern LANGUAGES = Pattern.compile("[A-Za-z0-9_]{1,40}(\\+[A-Za-z0-9_]{1,40}){0,9}");

  private final Path configuredTessdata;
  private final ThreadLocal<Tesseract> engines;

  /**
   * Cheap: the natives load on the first recognition or language check, so processes that never run OCR never load
   * them.
   *
   * @param tessdata the traineddata folder, or null for the {@code eng}/{@code osd} bundled with tess4j
   */
  public TesseractEngines(Path tessdata) {
    this.configuredTessdata = tessdata;
    this.engines = ThreadLocal.withInitial(this::newEngine);
  }

  private Tesseract newEngine() {
    TesseractNatives.ensureLoaded();
    Tesseract tesseract = new Tesseract();
    tesseract.setDatapath(tessdata().toString());
    tesseract.setOcrEngineMode(1); // LSTM only: the bundled models are LSTM models
    tesseract.setPageSegMode(3); // fully automatic page segmentation, no OSD
    tesseract.setVariable("tessedit_create_hocr", "1");
    tesseract.setVariable("debug_file", "/dev/null"); // keeps "Estimating resolution" chatter off stderr
    return tesseract;
  }

  public Path tessdata() {
    return configuredTessdata != null ? configuredTessdata : TesseractNatives.bundledTessdata();
  }

  /**
   * Checks a {@code languages} parameter ({@code eng}, {@code eng+deu}) against the traineddata folder.
   *
   * @throws JobFailedException {@code language_unavailable} (not retryable) naming the missing languages
   */
  public void requireLanguages(String languages) {
    if (languages == null || !LANGUAGES.matcher(languages).matches()) {
      throw new JobFailedException(DocumentFailures.LANGUAGE_UNAVAILABLE,
          "languages must be Tesseract language codes joined with '+', such as eng or eng+deu.", false);
    }
    List<String> missing = new ArrayList<>();
    for (String language : languages.split("\\+")) {
      if (!Files.isRegularFile(tessdata().resolve(language + ".traineddata"))) {
        missing.add(language);
      }
    }
    if (!missing.isEmpty()) {
      throw new JobFailedException(DocumentFailures.LANGUAGE_UNAVAILABLE,
          "No traineddata for " + missing + " in the configured tessdata folder (omnix.documents.tessdata-dir).",
          false);
    }
  }

  /** Minimum OSD orientation confidence to act on; Tesseract reports ~0–2 for guesses and well above for text. */
  static final float MIN_ORIENTATION_CONFIDENCE = 2.0f;

  /**
   * How far the page is turned clockwise (0, 90, 180 or 270), by Tesseract's orientation detection; 0 when unsure,
   * when the page has too little text, or when {@code osd.traineddata} is not in the tessdata folder.
   */
  public int detectRotation(BufferedImage image) {
    if (!Files.isRegularFile(tessdata().resolve("osd.traineddata"))) {
      return 0;
    }
    net.sourceforge.tess4j.OSDResult osd = engines.get().getOSD(image);
    if (osd == null || osd.getOrientConf() < MIN_ORIENTATION_CONFIDENCE) {
      return 0;
    }
    int degrees = ((osd.getOrientDeg() % 360) + 360) % 360;
    return degrees % 90 == 0 ? degrees : 0;
  }

  /** Recognises one page image and returns Tesseract's hOCR for it. Runs on the calling thread's own engine. */
  public String recognizeHocr(BufferedImage image, String languages, int dpi) {
    Tesseract tesseract = engines.get();
    tesseract.setLanguage(languages);
    tesseract.setVariable("user_defined_dpi", Integer.toString(dpi));
    try {
      return tesseract.doOCR(image);
    } catch (TesseractException e) {
      throw DocumentFailures.unreadable("OCR failed (" + e.getMessage() + ")", e);
    }
  }
}
