package ai.omnix.pipeline.document.ocr;

import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.document.DocumentFailures;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.regex.Pattern;
import net.sourceforge.tess4j.Tesseract;
import net.sourceforge.tess4j.TesseractException;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.tesseract.TessBaseAPI;
import org.bytedeco.tesseract.global.tesseract;

/**
 * Tesseract engines, never shared between threads at once (a Tesseract engine is not thread-safe).
 *
 * <p>Recognition: one tess4j {@link Tesseract} per calling thread (the threads of {@link
 * DocumentOcr}'s pool). tess4j initialises the native engine at the start of each recognition and
 * frees it at the end, so a thread's {@link Tesseract} holds only settings between calls (nothing
 * native leaks with the thread).
 *
 * <p>Orientation detection: bytedeco's {@link TessBaseAPI} on the {@code osd} model, initialised
 * once and kept in a pool of idle engines (at most one per thread that ran OSD at the same time).
 * tess4j's {@code getOSD} loaded the language model and the osd model afresh on every page, which
 * cost about as much as the detection itself. {@link #close()} frees the pooled engines.
 *
 * <p>Each engine runs on one core (see {@link TesseractNatives}); N threads recognising at once use
 * N cores. Thread-safe.
 */
public final class TesseractEngines implements AutoCloseable {
  /** Language codes as Tesseract names its traineddata files, joined with '+'. */
  private static final Pattern LANGUAGES =
      Pattern.compile("[A-Za-z0-9_]{1,40}(\\+[A-Za-z0-9_]{1,40}){0,9}");

  private final Path configuredTessdata;
  private final ThreadLocal<Tesseract> engines;
  private final Deque<TessBaseAPI> idleOrientationEngines = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  /**
   * Cheap: the natives load on the first recognition or language check, so processes that never run
   * OCR never load them.
   *
   * @param tessdata the traineddata folder, or null for the {@code eng}/{@code osd} bundled with
   *     tess4j
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
    tesseract.setVariable(
        "debug_file", "/dev/null"); // keeps "Estimating resolution" chatter off stderr
    return tesseract;
  }

  public Path tessdata() {
    return configuredTessdata != null ? configuredTessdata : TesseractNatives.bundledTessdata();
  }

  /**
   * Checks a {@code languages} parameter ({@code eng}, {@code eng+deu}) against the traineddata
   * folder.
   *
   * @throws JobFailedException {@code language_unavailable} (not retryable) naming the missing
   *     languages
   */
  public void requireLanguages(String languages) {
    if (languages == null || !LANGUAGES.matcher(languages).matches()) {
      throw new JobFailedException(
          DocumentFailures.LANGUAGE_UNAVAILABLE,
          "languages must be Tesseract language codes joined with '+', such as eng or eng+deu.",
          false);
    }
    List<String> missing = new ArrayList<>();
    for (String language : languages.split("\\+")) {
      if (!Files.isRegularFile(tessdata().resolve(language + ".traineddata"))) {
        missing.add(language);
      }
    }
    if (!missing.isEmpty()) {
      throw new JobFailedException(
          DocumentFailures.LANGUAGE_UNAVAILABLE,
          "No traineddata for "
              + missing
              + " in the configured tessdata folder (omnix.documents.tessdata-dir).",
          false);
    }
  }

  /**
   * Minimum OSD orientation confidence to act on; Tesseract reports ~0–2 for guesses and well above
   * for text.
   */
  static final float MIN_ORIENTATION_CONFIDENCE = 2.0f;

  /**
   * Pages above this many pixels (A4 at 300 dpi) are reduced to it before OSD, so that a huge scan
   * cannot make OSD slow. Smaller pages are not reduced: OSD reads connected components, and at
   * half of 300 dpi it misread 8-pt print (a page turned 90 degrees came out as 270, at low
   * confidence) and lost 6-pt print altogether.
   */
  static final long MAX_ORIENTATION_PIXELS = 2_480L * 3_508L;

  /**
   * OSD's cost is mostly classifying characters in four orientations, up to 5 × Tesseract's {@code
   * min_characters_to_try}. A quick pass classifies up to 5 × {@value #QUICK_OSD_CHARACTERS}; only
   * when it is not sure ({@value #QUICK_ORIENTATION_CONFIDENCE}) does a pass with Tesseract's
   * default ({@value #FULL_OSD_CHARACTERS}) decide. On text pages the quick pass took about half
   * the time and was always right, at confidences of 5.6 to 9 where the full pass gave 16 to 21.
   */
  static final int QUICK_OSD_CHARACTERS = 20;

  static final int FULL_OSD_CHARACTERS = 50;
  static final float QUICK_ORIENTATION_CONFIDENCE = 4.0f;

  /**
   * How far the page is turned clockwise (0, 90, 180 or 270), by Tesseract's orientation detection;
   * 0 when unsure, when the page has too little text, or when {@code osd.traineddata} is not in the
   * tessdata folder or does not load.
   *
   * @param dpi the page's resolution, so Tesseract need not estimate it
   */
  public int detectRotation(BufferedImage image, int dpi) {
    if (!Files.isRegularFile(tessdata().resolve("osd.traineddata"))) {
      return 0;
    }
    BufferedImage page = image;
    int resolution = dpi;
    long pixels = (long) image.getWidth() * image.getHeight();
    if (pixels > MAX_ORIENTATION_PIXELS) {
      double scale = Math.sqrt((double) MAX_ORIENTATION_PIXELS / pixels);
      page = scaledGray(image, scale);
      resolution = Math.max(1, (int) Math.round(dpi * scale));
    }
    TessBaseAPI engine = borrowOrientationEngine();
    if (engine == null) {
      return 0;
    }
    try (IntPointer degrees = new IntPointer(1);
        FloatPointer confidence = new FloatPointer(1);
        PointerPointer<?> script = new PointerPointer<>(1);
        FloatPointer scriptConfidence = new FloatPointer(1)) {
      GrayPixels gray = GrayPixels.of(page);
      engine.SetImage(gray.bytes(), gray.width(), gray.height(), 1, gray.bytesPerLine());
      engine.SetSourceResolution(resolution);
      engine.SetVariable("min_characters_to_try", Integer.toString(QUICK_OSD_CHARACTERS));
      boolean detected =
          engine.DetectOrientationScript(degrees, confidence, script, scriptConfidence);
      if (!detected || confidence.get() < QUICK_ORIENTATION_CONFIDENCE) {
        // the second pass reuses the page Tesseract has already binarised
        engine.SetVariable("min_characters_to_try", Integer.toString(FULL_OSD_CHARACTERS));
        detected = engine.DetectOrientationScript(degrees, confidence, script, scriptConfidence);
      }
      if (!detected || confidence.get() < MIN_ORIENTATION_CONFIDENCE) {
        return 0;
      }
      int clockwise = ((degrees.get() % 360) + 360) % 360;
      return clockwise % 90 == 0 ? clockwise : 0;
    } finally {
      engine.Clear();
      giveBack(engine);
    }
  }

  /** An idle OSD engine, or a new one; null when the osd model does not load. */
  private TessBaseAPI borrowOrientationEngine() {
    TessBaseAPI idle = idleOrientationEngines.pollFirst();
    if (idle != null) {
      return idle;
    }
    TesseractNatives.ensureLoaded();
    TessBaseAPI engine = new TessBaseAPI();
    if (engine.Init(tessdata().toString(), "osd", tesseract.OEM_TESSERACT_ONLY) != 0) {
      engine.close();
      return null;
    }
    engine.SetPageSegMode(tesseract.PSM_OSD_ONLY);
    engine.SetVariable("debug_file", "/dev/null");
    return engine;
  }

  private void giveBack(TessBaseAPI engine) {
    idleOrientationEngines.addFirst(engine);
    if (closed) {
      endIdleEngines();
    }
  }

  /** Frees the pooled OSD engines; an engine in use is freed when it is given back. */
  @Override
  public void close() {
    closed = true;
    endIdleEngines();
  }

  private void endIdleEngines() {
    for (TessBaseAPI engine; (engine = idleOrientationEngines.pollFirst()) != null; ) {
      engine.End();
      engine.close();
    }
  }

  /** Number of OSD engines initialised and idle (for tests). */
  int idleOrientationEngines() {
    return idleOrientationEngines.size();
  }

  private static BufferedImage scaledGray(BufferedImage source, double scale) {
    int width = Math.max(1, (int) Math.round(source.getWidth() * scale));
    int height = Math.max(1, (int) Math.round(source.getHeight() * scale));
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(source, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /**
   * 8-bit gray pixels, rows {@code bytesPerLine} apart, as Tesseract's {@code SetImage} takes them.
   */
  private record GrayPixels(byte[] bytes, int width, int height, int bytesPerLine) {
    /** The image's own buffer when it is a plain 8-bit gray raster, else a gray copy. */
    static GrayPixels of(BufferedImage image) {
      Raster raster = image.getRaster();
      if (image.getType() == BufferedImage.TYPE_BYTE_GRAY
          && raster.getDataBuffer() instanceof DataBufferByte buffer
          && buffer.getNumBanks() == 1
          && buffer.getOffset() == 0
          && raster.getSampleModel() instanceof ComponentSampleModel model
          && model.getPixelStride() == 1
          && raster.getSampleModelTranslateX() == 0
          && raster.getSampleModelTranslateY() == 0
          && model.getBandOffsets()[0] == 0) {
        return new GrayPixels(
            buffer.getData(), image.getWidth(), image.getHeight(), model.getScanlineStride());
      }
      return of(scaledGray(image, 1.0));
    }
  }

  /**
   * Recognises one page image and returns Tesseract's hOCR for it. Runs on the calling thread's own
   * engine.
   */
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
