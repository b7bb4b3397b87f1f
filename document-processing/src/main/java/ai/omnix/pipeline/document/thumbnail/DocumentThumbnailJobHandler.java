package ai.omnix.pipeline.document.thumbnail;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.document.DocumentFailures;
import ai.omnix.pipeline.document.DocumentJobHandler;
import ai.omnix.pipeline.document.DocumentLimits;
import ai.omnix.pipeline.document.DocumentRun;
import ai.omnix.pipeline.document.ImageReaders;
import ai.omnix.pipeline.document.JobDeadline;
import ai.omnix.pipeline.document.PlanLimits;
import ai.omnix.pipeline.document.StagedInput;
import ai.omnix.pipeline.document.extract.DocumentTextExtractor;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * Runs {@link DocumentThumbnailJobType}: PDF pages are rasterised straight at thumbnail scale
 * (never at full resolution); images are subsampled while decoding. Page and pixel counts are
 * bounded by the job's plan. Writes {@code page-<n>.png}, {@code .jpg} or {@code .webp} (WebP
 * through {@link LeptonicaWebpEncoder}).
 */
public final class DocumentThumbnailJobHandler extends DocumentJobHandler {
  private final DocumentTextExtractor detector;

  public DocumentThumbnailJobHandler(DocumentTextExtractor detector, DocumentLimits limits) {
    super(limits);
    this.detector = detector;
  }

  @Override
  public String type() {
    return DocumentThumbnailJobType.NAME;
  }

  private record Request(
      List<Integer> pages, int width, int height, String format, String password) {}

  @Override
  protected JobResult process(DocumentRun run) throws Exception {
    Map<String, Object> params = run.execution().params();
    Request request =
        new Request(
            PageSelection.parse(
                (String) params.getOrDefault(DocumentThumbnailJobType.PAGES, "1"),
                DocumentThumbnailJobType.MAX_THUMBNAILS),
            intParam(params, DocumentThumbnailJobType.WIDTH),
            intParam(params, DocumentThumbnailJobType.HEIGHT),
            (String) params.getOrDefault(DocumentThumbnailJobType.FORMAT, "png"),
            (String) params.get(DocumentThumbnailJobType.PASSWORD));
    StagedInput input = run.input();
    String type = detector.detect(input.file(), input.asset().filename());
    Map<Integer, BufferedImage> thumbnails =
        "application/pdf".equals(type)
            ? renderPdf(input, request, run.deadline(), run.planLimits())
            : renderImage(input, type, request, run.deadline(), run.planLimits());
    List<String> outputs = new ArrayList<>();
    List<Integer> rendered = new ArrayList<>();
    String extension = request.format().equals("jpeg") ? "jpg" : request.format();
    for (var entry : thumbnails.entrySet()) {
      byte[] bytes = encode(entry.getValue(), request.format());
      outputs.add(
          run.write("page-" + entry.getKey() + "." + extension, bytes, "image/" + request.format())
              .id());
      rendered.add(entry.getKey());
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("detected_type", type);
    summary.put("pages", rendered);
    summary.put("format", request.format());
    return new JobResult(outputs, summary);
  }

  private static int intParam(Map<String, Object> params, String name) {
    Object value = params.get(name);
    return value == null ? DocumentThumbnailJobType.DEFAULT_SIZE : ((Number) value).intValue();
  }

  private static Map<Integer, BufferedImage> renderPdf(
      StagedInput input, Request request, JobDeadline deadline, PlanLimits planLimits)
      throws IOException {
    try (PDDocument document =
        DocumentTextExtractor.openPdf(input.file().toFile(), request.password())) {
      int pageCount = document.getNumberOfPages();
      planLimits.requirePages(pageCount);
      requireExisting(request.pages(), pageCount);
      PDFRenderer renderer = new PDFRenderer(document);
      Map<Integer, BufferedImage> thumbnails = new LinkedHashMap<>();
      for (int page : request.pages()) {
        deadline.check();
        PDRectangle box = document.getPage(page - 1).getCropBox();
        boolean rotated = document.getPage(page - 1).getRotation() % 180 != 0;
        float w = rotated ? box.getHeight() : box.getWidth();
        float h = rotated ? box.getWidth() : box.getHeight();
        if (w <= 0 || h <= 0) {
          throw DocumentFailures.unreadable("page " + page + " has no size", null);
        }
        float scale = Math.min(request.width() / w, request.height() / h);
        thumbnails.put(page, renderer.renderImage(page - 1, scale, ImageType.RGB));
      }
      return thumbnails;
    }
  }

  private static Map<Integer, BufferedImage> renderImage(
      StagedInput input, String type, Request request, JobDeadline deadline, PlanLimits planLimits)
      throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(input.file().toFile())) {
      ImageReader reader =
          ImageReaders.first(
              in, "Thumbnails are made of PDFs and images; this file is " + type + ".");
      try {
        reader.setInput(in, false, true);
        Map<Integer, BufferedImage> thumbnails = new LinkedHashMap<>();
        for (int page : request.pages()) {
          deadline.check();
          int width;
          int height;
          try {
            width = reader.getWidth(page - 1);
            height = reader.getHeight(page - 1);
          } catch (IndexOutOfBoundsException | javax.imageio.IIOException e) {
            throw new JobFailedException(
                "page_not_found", "The image has no frame " + page + ".", false);
          }
          planLimits.requirePixels(width, height);
          ImageReadParam param = reader.getDefaultReadParam();
          int step = Math.max(1, Math.min(width / request.width(), height / request.height()) / 2);
          param.setSourceSubsampling(step, step, 0, 0);
          thumbnails.put(
              page, fit(reader.read(page - 1, param), request.width(), request.height()));
        }
        return thumbnails;
      } catch (IOException | RuntimeException e) {
        throw DocumentFailures.imageDecoding(e);
      } finally {
        reader.dispose();
      }
    }
  }

  private static void requireExisting(List<Integer> pages, int pageCount) {
    int last = pages.get(pages.size() - 1);
    if (last > pageCount) {
      throw new JobFailedException(
          "page_not_found",
          "The document has " + pageCount + " pages; page " + last + " was asked for.",
          false);
    }
  }

  /** Scales down (never up) to fit the box, on white, with bilinear filtering. */
  private static BufferedImage fit(BufferedImage source, int maxWidth, int maxHeight) {
    double scale =
        Math.min(
            1.0,
            Math.min(
                (double) maxWidth / source.getWidth(), (double) maxHeight / source.getHeight()));
    int w = Math.max(1, (int) Math.round(source.getWidth() * scale));
    int h = Math.max(1, (int) Math.round(source.getHeight() * scale));
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(source, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static byte[] encode(BufferedImage image, String format) throws IOException {
    if (format.equals("webp")) {
      return LeptonicaWebpEncoder.encode(image);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, format.equals("jpeg") ? "jpg" : "png", out)) {
      throw new IllegalStateException("no ImageIO writer for " + format);
    }
    return out.toByteArray();
  }
}
