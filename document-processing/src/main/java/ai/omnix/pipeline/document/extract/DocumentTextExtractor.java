package ai.omnix.pipeline.document.extract;

import ai.omnix.pipeline.document.DocumentFailures;
import ai.omnix.pipeline.document.DocumentLimits;
import ai.omnix.pipeline.document.JobDeadline;
import ai.omnix.pipeline.document.PlanLimits;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.PagedText;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.PasswordProvider;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.sax.BodyContentHandler;
import org.apache.tika.sax.ContentHandlerDecorator;
import org.apache.tika.sax.WriteOutContentHandler;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;

/**
 * Text and metadata of a local file: PDFs page by page with PDFBox, everything else with Tika's
 * {@link AutoDetectParser} (which wraps the handler in its {@code SecureContentHandler}); zip
 * containers first pass the {@link ZipBombGuard}. Thread-safe: one instance serves all workers.
 *
 * <p>Failures are {@link ai.omnix.pipeline.core.job.handler.JobFailedException}s with the codes of
 * {@link DocumentFailures}.
 */
public final class DocumentTextExtractor {
  private static final int MAX_METADATA_VALUES = 200;
  private static final int MAX_METADATA_VALUE_LENGTH = 2_000;

  private final DocumentLimits limits;
  private final Detector detector;
  private final AutoDetectParser parser;
  private final ZipBombGuard zipBombGuard;

  public DocumentTextExtractor(DocumentLimits limits) {
    this.limits = limits;
    TikaConfig config = TikaConfig.getDefaultConfig();
    this.detector = config.getDetector();
    this.parser = new AutoDetectParser(config);
    // ample for real Office files (text is capped far lower), far below what a bomb would inflate
    // to
    this.zipBombGuard = new ZipBombGuard(Math.max(1L << 30, limits.maxCharacters() * 20L));
  }

  /** Tika's media type for the file (bytes first, the name only as a tie-breaker). */
  public String detect(Path file, String filename) {
    Metadata metadata = new Metadata();
    if (filename != null) {
      metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, filename);
    }
    try (TikaInputStream in = TikaInputStream.get(file)) {
      return detector.detect(in, metadata).getBaseType().toString();
    } catch (IOException e) {
      throw DocumentFailures.unreadable("its type could not be detected", e);
    }
  }

  /**
   * @param planLimits the page limit of the job's plan
   */
  public ExtractedDocument extract(
      Path file, String filename, String password, JobDeadline deadline, PlanLimits planLimits) {
    String type = detect(file, filename);
    deadline.check();
    if ("application/pdf".equals(type)) {
      return extractPdf(file, type, password, deadline, planLimits);
    }
    return extractWithTika(file, filename, type, password, deadline, planLimits);
  }

  /**
   * Opens a PDF with a temp-file stream cache (memory stays bounded whatever the file declares).
   */
  public static PDDocument openPdf(File file, String password) {
    try {
      return Loader.loadPDF(
          file,
          password == null ? "" : password,
          null,
          null,
          IOUtils.createTempFileOnlyStreamCache());
    } catch (InvalidPasswordException e) {
      throw DocumentFailures.encrypted("The PDF");
    } catch (IOException | RuntimeException e) {
      throw DocumentFailures.unreadable("not a readable PDF (" + e.getMessage() + ")", e);
    }
  }

  private ExtractedDocument extractPdf(
      Path file, String type, String password, JobDeadline deadline, PlanLimits planLimits) {
    try (PDDocument document = openPdf(file.toFile(), password)) {
      int pageCount = document.getNumberOfPages();
      planLimits.requirePages(pageCount);
      StringBuilder text = new StringBuilder();
      List<ExtractedDocument.PageSpan> pages = new ArrayList<>(pageCount);
      PDFTextStripper stripper = new PDFTextStripper();
      boolean truncated = false;
      for (int page = 1; page <= pageCount && !truncated; page++) {
        deadline.check();
        stripper.setStartPage(page);
        stripper.setEndPage(page);
        String pageText = stripper.getText(document).strip();
        if (!text.isEmpty()) {
          text.append("\n\n");
        }
        int room = limits.maxCharacters() - text.length();
        if (pageText.length() > room) {
          pageText = pageText.substring(0, Math.max(0, room));
          truncated = true;
        }
        int start = text.length();
        text.append(pageText);
        pages.add(new ExtractedDocument.PageSpan(page, start, text.length()));
      }
      return new ExtractedDocument(
          type, text.toString(), pageCount, pages, pdfMetadata(document), truncated);
    } catch (IOException e) {
      throw DocumentFailures.unreadable(
          "the PDF's content could not be read (" + e.getMessage() + ")", e);
    }
  }

  private static Map<String, Object> pdfMetadata(PDDocument document) {
    Map<String, Object> metadata = new TreeMap<>();
    PDDocumentInformation info = document.getDocumentInformation();
    put(metadata, "dc:title", info.getTitle());
    put(metadata, "dc:creator", info.getAuthor());
    put(metadata, "dc:subject", info.getSubject());
    put(metadata, "pdf:keywords", info.getKeywords());
    put(metadata, "xmp:CreatorTool", info.getCreator());
    put(metadata, "pdf:producer", info.getProducer());
    put(metadata, "dcterms:created", iso(info.getCreationDate()));
    put(metadata, "dcterms:modified", iso(info.getModificationDate()));
    put(metadata, "pdf:PDFVersion", Float.toString(document.getVersion()));
    put(metadata, "pdf:encrypted", Boolean.toString(document.isEncrypted()));
    return metadata;
  }

  private static String iso(Calendar calendar) {
    return calendar == null ? null : calendar.toInstant().toString();
  }

  private static void put(Map<String, Object> metadata, String key, String value) {
    if (value != null && !value.isBlank()) {
      metadata.put(key, clip(value));
    }
  }

  private ExtractedDocument extractWithTika(
      Path file,
      String filename,
      String type,
      String password,
      JobDeadline deadline,
      PlanLimits planLimits) {
    Metadata metadata = new Metadata();
    if (filename != null) {
      metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, filename);
    }
    ParseContext context = new ParseContext();
    TesseractOCRConfig noOcr = new TesseractOCRConfig();
    noOcr.setSkipOcr(true); // OCR is the ocr job's business, with our own bundled engine
    context.set(TesseractOCRConfig.class, noOcr);
    if (password != null) {
      context.set(PasswordProvider.class, m -> password);
    }
    try {
      if (ZipBombGuard.isZip(file)) {
        zipBombGuard.check(file, deadline::check);
      }
    } catch (IOException e) {
      throw DocumentFailures.unreadable("the file could not be read", e);
    }
    WriteOutContentHandler limited = new WriteOutContentHandler(limits.maxCharacters());
    BodyContentHandler handler =
        new BodyContentHandler(new CheckpointingHandler(limited, deadline));
    boolean truncated = false;
    try (TikaInputStream in = TikaInputStream.get(file)) {
      parser.parse(in, handler, metadata, context);
    } catch (EncryptedDocumentException e) {
      throw DocumentFailures.encrypted("The document");
    } catch (IOException | SAXException | TikaException | RuntimeException e) {
      RuntimeException outcome = DocumentFailures.jobOutcomeIn(e);
      if (outcome != null) {
        throw outcome;
      }
      if (WriteLimitReachedException.isWriteLimitReached(e)) {
        truncated = true;
      } else if (DocumentFailures.isBomb(e)) {
        throw DocumentFailures.bomb(e);
      } else if (isEncrypted(e)) {
        throw DocumentFailures.encrypted("The document");
      } else {
        throw DocumentFailures.unreadable(describe(e), e);
      }
    }
    Integer pageCount = metadata.getInt(PagedText.N_PAGES);
    if (pageCount != null) {
      planLimits.requirePages(pageCount);
    }
    return new ExtractedDocument(
        type, limited.toString().strip(), pageCount, List.of(), toMap(metadata), truncated);
  }

  private static boolean isEncrypted(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof EncryptedDocumentException
          || t instanceof org.apache.poi.EncryptedDocumentException) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : clip(message);
  }

  private static Map<String, Object> toMap(Metadata metadata) {
    Map<String, Object> map = new TreeMap<>();
    String[] names = metadata.names();
    Arrays.sort(names);
    for (String name : names) {
      if (map.size() >= MAX_METADATA_VALUES) {
        break;
      }
      String[] values = metadata.getValues(name);
      if (values.length == 1) {
        map.put(name, clip(values[0]));
      } else if (values.length > 1) {
        map.put(name, Arrays.stream(values).limit(50).map(DocumentTextExtractor::clip).toList());
      }
    }
    return new LinkedHashMap<>(map);
  }

  private static String clip(String value) {
    return value.length() <= MAX_METADATA_VALUE_LENGTH
        ? value
        : value.substring(0, MAX_METADATA_VALUE_LENGTH);
  }

  /**
   * Checks the deadline and cancel flag on every SAX event, so a long parse stops within one event.
   */
  private static final class CheckpointingHandler extends ContentHandlerDecorator {
    private final JobDeadline deadline;

    CheckpointingHandler(org.xml.sax.ContentHandler handler, JobDeadline deadline) {
      super(handler);
      this.deadline = deadline;
    }

    private void check() throws SAXException {
      try {
        deadline.check();
      } catch (RuntimeException e) {
        throw new SAXException(e);
      }
    }

    @Override
    public void startElement(String uri, String localName, String name, Attributes atts)
        throws SAXException {
      check();
      super.startElement(uri, localName, name, atts);
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
      check();
      super.characters(ch, start, length);
    }
  }
}
