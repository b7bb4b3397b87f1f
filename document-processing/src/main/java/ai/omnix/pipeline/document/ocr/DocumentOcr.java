package ai.omnix.pipeline.document.ocr;

import ai.omnix.pipeline.document.DocumentFailures;
import ai.omnix.pipeline.document.ImageReaders;
import ai.omnix.pipeline.document.JobDeadline;
import ai.omnix.pipeline.document.PlanLimits;
import ai.omnix.pipeline.document.extract.DocumentTextExtractor;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * OCR of images (PNG, JPEG, TIFF with several pages, WebP, anything ImageIO reads) and PDFs. A PDF
 * page keeps its text layer when it has one (at least {@value #USABLE_TEXT_LAYER} non-space
 * characters); other pages are rendered at {@value #DPI} dpi and recognised. Page and pixel counts
 * are checked against the job's {@link PlanLimits}, pixels from the header (or page size) before
 * any raster is decoded.
 *
 * <p>Pages are rendered or decoded one after another on the job's thread; their orientation
 * detection and recognition run on a pool of {@code ocrThreads} threads shared by all jobs (each
 * with its own engine), at most {@code ocrThreads} pages of one job at a time. So one long document
 * uses every core, and the whole process never runs more Tesseract engines than the pool has
 * threads. Thread-safe; {@link #close()} stops the pool.
 */
public final class DocumentOcr implements AutoCloseable {
  static final int USABLE_TEXT_LAYER = 10;
  static final int DPI = 300;

  private final TesseractEngines engines;
  private final DocumentTextExtractor detector;
  private final int ocrThreads;
  private final ExecutorService pool;

  /** With one OCR thread per core. */
  public DocumentOcr(TesseractEngines engines, DocumentTextExtractor detector) {
    this(engines, detector, Runtime.getRuntime().availableProcessors());
  }

  /**
   * @param ocrThreads Tesseract engines at work at once in this process, over all jobs
   */
  public DocumentOcr(TesseractEngines engines, DocumentTextExtractor detector, int ocrThreads) {
    if (ocrThreads < 1) {
      throw new IllegalArgumentException("ocrThreads must be at least 1");
    }
    this.engines = engines;
    this.detector = detector;
    this.ocrThreads = ocrThreads;
    AtomicInteger threadNumber = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            ocrThreads,
            task -> {
              Thread thread = new Thread(task, "omnix-ocr-page-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  /**
   * @param searchablePdf where to write a searchable PDF (scans with invisible text), or null for
   *     none
   * @param autoRotate turn pages upright by Tesseract's orientation detection (OSD) before
   *     recognising them
   * @param limits the page and pixel limits of the job's plan
   * @param progress receives 0–100 as pages complete
   */
  public OcrDocument recognize(
      Path file,
      String filename,
      String languages,
      String password,
      JobDeadline deadline,
      Path searchablePdf,
      boolean autoRotate,
      PlanLimits limits,
      IntConsumer progress) {
    engines.requireLanguages(languages);
    String type = detector.detect(file, filename);
    deadline.check();
    try (SearchablePdf searchable = searchablePdf == null ? null : new SearchablePdf()) {
      List<OcrDocument.Page> pages =
          "application/pdf".equals(type)
              ? recognizePdf(
                  file,
                  languages,
                  password,
                  deadline,
                  searchable,
                  searchablePdf,
                  autoRotate,
                  limits,
                  progress)
              : recognizeImages(
                  file, type, languages, deadline, searchable, autoRotate, limits, progress);
      if (searchable != null && !"application/pdf".equals(type)) {
        save(searchable, searchablePdf);
      }
      return new OcrDocument(type, pages);
    } catch (IOException e) {
      throw DocumentFailures.unreadable(
          "the searchable PDF could not be written (" + e.getMessage() + ")", e);
    }
  }

  private static void save(SearchablePdf searchable, Path target) throws IOException {
    try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(target)) {
      searchable.save(out);
    }
  }

  private List<OcrDocument.Page> recognizePdf(
      Path file,
      String languages,
      String password,
      JobDeadline deadline,
      SearchablePdf searchable,
      Path searchableTarget,
      boolean autoRotate,
      PlanLimits limits,
      IntConsumer progress) {
    try (PDDocument document = DocumentTextExtractor.openPdf(file.toFile(), password)) {
      int pageCount = document.getNumberOfPages();
      limits.requirePages(pageCount);
      PDFTextStripper stripper = new PDFTextStripper();
      PDFRenderer renderer = new PDFRenderer(document);
      List<OcrDocument.Page> pages = new ArrayList<>(pageCount);
      PagesInOrder.Sink<RecognizedPage> sink =
          recognized -> {
            pages.add(recognized.page());
            if (searchable != null && recognized.textLayerSource() != null) {
              searchable.addOriginalPage(recognized.textLayerSource());
            } else if (searchable != null) {
              searchable.addScannedPage(recognized.upright(), DPI, recognized.page());
            }
            progress.accept((int) ((long) recognized.page().number() * 100 / pageCount));
          };
      try (PagesInOrder<RecognizedPage> inOrder =
          new PagesInOrder<>(pool, ocrThreads, deadline, sink)) {
        for (int index = 0; index < pageCount; index++) {
          deadline.check();
          int number = index + 1;
          stripper.setStartPage(number);
          stripper.setEndPage(number);
          String layer = stripper.getText(document).strip();
          PDPage page = document.getPage(index);
          if (nonSpace(layer) >= USABLE_TEXT_LAYER) {
            inOrder.addReady(new RecognizedPage(textLayerPage(number, layer), null, page));
          } else {
            PDRectangle box = page.getCropBox();
            long width = Math.round(box.getWidth() / 72.0 * DPI);
            long height = Math.round(box.getHeight() / 72.0 * DPI);
            limits.requirePixels(width, height);
            BufferedImage image = renderer.renderImageWithDPI(index, DPI, ImageType.GRAY);
            deadline.check();
            inOrder.submit(() -> ocrPage(number, image, languages, DPI, autoRotate));
          }
        }
        inOrder.finish();
      }
      if (searchable != null) {
        save(
            searchable,
            searchableTarget); // while the source is open: copied pages still read from it
      }
      return pages;
    } catch (IOException e) {
      throw DocumentFailures.unreadable(
          "the PDF's pages could not be read (" + e.getMessage() + ")", e);
    }
  }

  private List<OcrDocument.Page> recognizeImages(
      Path file,
      String type,
      String languages,
      JobDeadline deadline,
      SearchablePdf searchable,
      boolean autoRotate,
      PlanLimits limits,
      IntConsumer progress) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      ImageReader reader =
          ImageReaders.first(
              in,
              "OCR reads images (PNG, JPEG, TIFF, WebP, …) and PDFs; this file is " + type + ".");
      try {
        reader.setInput(in, false, true);
        int declared =
            reader.getNumImages(false); // -1 when finding out would mean scanning the whole file
        List<OcrDocument.Page> pages = new ArrayList<>();
        PagesInOrder.Sink<RecognizedPage> sink =
            recognized -> {
              pages.add(recognized.page());
              if (searchable != null) {
                searchable.addScannedPage(recognized.upright(), DPI, recognized.page());
              }
              if (declared > 0) {
                progress.accept(recognized.page().number() * 100 / declared);
              }
            };
        try (PagesInOrder<RecognizedPage> inOrder =
            new PagesInOrder<>(pool, ocrThreads, deadline, sink)) {
          readImages(reader, declared, languages, deadline, autoRotate, limits, inOrder);
          inOrder.finish();
        }
        return pages;
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      throw DocumentFailures.imageDecoding(e);
    }
  }

  private void readImages(
      ImageReader reader,
      int declared,
      String languages,
      JobDeadline deadline,
      boolean autoRotate,
      PlanLimits limits,
      PagesInOrder<RecognizedPage> inOrder)
      throws IOException {
    for (int index = 0; declared < 0 || index < declared; index++) {
      deadline.check();
      int width;
      int height;
      try {
        width = reader.getWidth(index);
        height = reader.getHeight(index);
      } catch (IndexOutOfBoundsException | IIOException e) {
        if (index == 0) {
          throw e;
        }
        break; // past the last image of a stream that did not say how many it holds
      }
      limits.requirePages(index + 1L);
      limits.requirePixels(width, height);
      BufferedImage image = onWhiteGray(reader.read(index));
      deadline.check();
      int number = index + 1;
      inOrder.submit(() -> ocrPage(number, image, languages, DPI, autoRotate));
    }
  }

  /**
   * Flattens transparency onto white and drops colour: Tesseract binarises anyway, and 1 byte a
   * pixel is cheaper.
   */
  private static BufferedImage onWhiteGray(BufferedImage source) {
    if (source.getType() == BufferedImage.TYPE_BYTE_GRAY) {
      return source;
    }
    BufferedImage gray =
        new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = gray.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, source.getWidth(), source.getHeight());
      g.drawImage(source, 0, 0, null);
    } finally {
      g.dispose();
    }
    return gray;
  }

  /**
   * OCR of one page image, turned upright first when orientation detection is sure it is not. Runs
   * on the pool, with that thread's engines.
   */
  private RecognizedPage ocrPage(
      int number, BufferedImage image, String languages, int dpi, boolean autoRotate) {
    int rotation = autoRotate ? engines.detectRotation(image, dpi) : 0;
    BufferedImage upright = rotation == 0 ? image : rotate(image, 360 - rotation);
    HocrParser.Parsed parsed = HocrParser.parse(engines.recognizeHocr(upright, languages, dpi));
    return new RecognizedPage(
        new OcrDocument.Page(
            number,
            OcrDocument.Source.OCR,
            upright.getWidth(),
            upright.getHeight(),
            dpi,
            rotation,
            parsed.text(),
            parsed.lines()),
        upright,
        null);
  }

  /**
   * One page's result: recognised ({@code upright} is the scan as recognised) or kept from its text
   * layer ({@code textLayerSource} is the PDF page to copy into the searchable PDF).
   */
  private record RecognizedPage(
      OcrDocument.Page page, BufferedImage upright, PDPage textLayerSource) {}

  /** Rotates clockwise by a multiple of 90 degrees. */
  static BufferedImage rotate(BufferedImage source, int degrees) {
    int quarter = (degrees / 90) % 4;
    if (quarter == 0) {
      return source;
    }
    int w = source.getWidth();
    int h = source.getHeight();
    boolean swap = quarter % 2 == 1;
    BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = out.createGraphics();
    try {
      java.awt.geom.AffineTransform t = new java.awt.geom.AffineTransform();
      switch (quarter) {
        case 1 -> t.setToRotation(Math.PI / 2, 0, 0);
        case 2 -> t.setToRotation(Math.PI, 0, 0);
        default -> t.setToRotation(3 * Math.PI / 2, 0, 0);
      }
      switch (quarter) {
        case 1 -> t.preConcatenate(java.awt.geom.AffineTransform.getTranslateInstance(h, 0));
        case 2 -> t.preConcatenate(java.awt.geom.AffineTransform.getTranslateInstance(w, h));
        default -> t.preConcatenate(java.awt.geom.AffineTransform.getTranslateInstance(0, w));
      }
      g.drawImage(source, t, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static OcrDocument.Page textLayerPage(int number, String text) {
    List<OcrDocument.Line> lines =
        Arrays.stream(text.split("\\R"))
            .map(String::strip)
            .filter(l -> !l.isEmpty())
            .map(
                l ->
                    new OcrDocument.Line(
                        l,
                        null,
                        Arrays.stream(l.split("\\s+"))
                            .map(w -> new OcrDocument.Word(w, null, 100f))
                            .toList()))
            .toList();
    return new OcrDocument.Page(number, OcrDocument.Source.TEXT_LAYER, 0, 0, 0, 0, text, lines);
  }

  private static int nonSpace(String text) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      if (!Character.isWhitespace(text.charAt(i))) {
        n++;
      }
    }
    return n;
  }
}
