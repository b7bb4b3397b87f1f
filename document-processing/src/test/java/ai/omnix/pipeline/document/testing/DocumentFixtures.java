package ai.omnix.pipeline.document.testing;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFTextBox;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/**
 * Real documents generated in the test: PDFBox PDFs, POI Office files, Java2D text images at 300
 * dpi.
 */
public final class DocumentFixtures {
  public static final int DPI = 300;

  private DocumentFixtures() {}

  /**
   * A PDF whose pages carry {@code pages} as a real text layer (Helvetica, one line per array
   * element).
   */
  public static Path textPdf(Path file, List<List<String>> pages) throws IOException {
    try (PDDocument document = new PDDocument()) {
      for (List<String> lines : pages) {
        addTextPage(document, lines);
      }
      document.save(file.toFile());
    }
    return file;
  }

  private static void addTextPage(PDDocument document, List<String> lines) throws IOException {
    PDPage page = new PDPage(PDRectangle.A4);
    document.addPage(page);
    try (PDPageContentStream content = new PDPageContentStream(document, page)) {
      content.beginText();
      content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
      content.setLeading(16);
      content.newLineAtOffset(72, 770);
      for (String line : lines) {
        content.showText(line);
        content.newLine();
      }
      content.endText();
    }
  }

  /**
   * A PDF with an image-only page (a scan: no text layer) for each image, placed at {@value #DPI}
   * dpi.
   */
  public static Path imagePdf(Path file, List<BufferedImage> scans) throws IOException {
    try (PDDocument document = new PDDocument()) {
      for (BufferedImage scan : scans) {
        addImagePage(document, scan);
      }
      document.save(file.toFile());
    }
    return file;
  }

  private static void addImagePage(PDDocument document, BufferedImage scan) throws IOException {
    float width = scan.getWidth() * 72f / DPI;
    float height = scan.getHeight() * 72f / DPI;
    PDPage page = new PDPage(new PDRectangle(width, height));
    document.addPage(page);
    PDImageXObject image = LosslessFactory.createFromImage(document, scan);
    try (PDPageContentStream content = new PDPageContentStream(document, page)) {
      content.drawImage(image, 0, 0, width, height);
    }
  }

  /** Page 1 a text layer, page 2 a scan. */
  public static Path mixedPdf(Path file, List<String> textPage, BufferedImage scanPage)
      throws IOException {
    try (PDDocument document = new PDDocument()) {
      addTextPage(document, textPage);
      addImagePage(document, scanPage);
      document.save(file.toFile());
    }
    return file;
  }

  public static Path encryptedPdf(Path file, List<String> lines, String userPassword)
      throws IOException {
    try (PDDocument document = new PDDocument()) {
      addTextPage(document, lines);
      StandardProtectionPolicy policy =
          new StandardProtectionPolicy(
              "owner-" + userPassword, userPassword, new AccessPermission());
      policy.setEncryptionKeyLength(128);
      document.protect(policy);
      document.save(file.toFile());
    }
    return file;
  }

  public static Path blankPagesPdf(Path file, int pages) throws IOException {
    try (PDDocument document = new PDDocument()) {
      for (int i = 0; i < pages; i++) {
        document.addPage(new PDPage(PDRectangle.A6));
      }
      document.save(file.toFile());
    }
    return file;
  }

  public static Path docx(Path file, List<String> paragraphs) throws IOException {
    try (XWPFDocument document = new XWPFDocument();
        OutputStream out = Files.newOutputStream(file)) {
      for (String paragraph : paragraphs) {
        document.createParagraph().createRun().setText(paragraph);
      }
      document.write(out);
    }
    return file;
  }

  /**
   * A DOCX encrypted with Office's agile encryption (an OLE2 container around the encrypted
   * package).
   */
  public static Path encryptedDocx(
      Path file, Path scratch, List<String> paragraphs, String password) throws Exception {
    Path plain = docx(scratch.resolve("plain-for-encryption.docx"), paragraphs);
    try (org.apache.poi.poifs.filesystem.POIFSFileSystem fs =
        new org.apache.poi.poifs.filesystem.POIFSFileSystem()) {
      org.apache.poi.poifs.crypt.EncryptionInfo info =
          new org.apache.poi.poifs.crypt.EncryptionInfo(
              org.apache.poi.poifs.crypt.EncryptionMode.agile);
      org.apache.poi.poifs.crypt.Encryptor encryptor = info.getEncryptor();
      encryptor.confirmPassword(password);
      try (OutputStream os = encryptor.getDataStream(fs)) {
        Files.copy(plain, os); // the encrypted package is the DOCX's zip bytes
      }
      try (OutputStream out = Files.newOutputStream(file)) {
        fs.writeFilesystem(out);
      }
    }
    return file;
  }

  public static Path xlsx(Path file, List<List<String>> rows) throws IOException {
    try (XSSFWorkbook workbook = new XSSFWorkbook();
        OutputStream out = Files.newOutputStream(file)) {
      var sheet = workbook.createSheet("Sheet1");
      for (int r = 0; r < rows.size(); r++) {
        var row = sheet.createRow(r);
        for (int c = 0; c < rows.get(r).size(); c++) {
          row.createCell(c).setCellValue(rows.get(r).get(c));
        }
      }
      workbook.write(out);
    }
    return file;
  }

  public static Path pptx(Path file, String slideText) throws IOException {
    try (XMLSlideShow show = new XMLSlideShow();
        OutputStream out = Files.newOutputStream(file)) {
      XSLFTextBox box = show.createSlide().createTextBox();
      box.setAnchor(new java.awt.Rectangle(50, 50, 500, 100));
      box.setText(slideText);
      show.write(out);
    }
    return file;
  }

  /** A minimal OpenDocument text: stored mimetype first, manifest, one paragraph. */
  public static Path odt(Path file, String paragraph) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      byte[] mimetype =
          "application/vnd.oasis.opendocument.text".getBytes(StandardCharsets.US_ASCII);
      ZipEntry entry = new ZipEntry("mimetype");
      entry.setMethod(ZipEntry.STORED);
      entry.setSize(mimetype.length);
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(mimetype);
      entry.setCrc(crc.getValue());
      zip.putNextEntry(entry);
      zip.write(mimetype);
      zip.closeEntry();
      put(
          zip,
          "META-INF/manifest.xml",
          """
          <?xml version="1.0" encoding="UTF-8"?>
          <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
           <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
           <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
          </manifest:manifest>
          """);
      put(
          zip,
          "content.xml",
          """
          <?xml version="1.0" encoding="UTF-8"?>
          <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
              xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
           <office:body><office:text><text:p>%s</text:p></office:text></office:body>
          </office:document-content>
          """
              .formatted(paragraph));
    }
    return file;
  }

  private static void put(ZipOutputStream zip, String name, String content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }

  /**
   * A real DOCX whose {@code word/document.xml} is followed by {@code inflatedBytes} of a trailing
   * XML comment: a few hundred KB on disk that inflate a thousandfold.
   */
  public static Path zipBombDocx(Path file, Path scratch, long inflatedBytes) throws IOException {
    Path plain = docx(scratch.resolve("plain-for-bomb.docx"), List.of("Harmless looking text."));
    try (ZipFile source = new ZipFile(plain.toFile());
        ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      zip.setLevel(Deflater.BEST_COMPRESSION);
      Enumeration<? extends ZipEntry> entries = source.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        zip.putNextEntry(new ZipEntry(entry.getName()));
        try (InputStream in = source.getInputStream(entry)) {
          in.transferTo(zip);
        }
        if (entry.getName().equals("word/document.xml")) {
          zip.write("<!--".getBytes(StandardCharsets.US_ASCII));
          byte[] filler = new byte[1 << 20];
          java.util.Arrays.fill(filler, (byte) 'a');
          for (long written = 0; written < inflatedBytes; written += filler.length) {
            zip.write(filler);
          }
          zip.write("-->".getBytes(StandardCharsets.US_ASCII));
        }
        zip.closeEntry();
      }
    }
    return file;
  }

  /**
   * Black text on white, as a 300-dpi scan of a page would show it: {@code pixelSize} px is about
   * 10 pt at 42 px.
   */
  public static BufferedImage textImage(List<String> lines, String fontFamily, int pixelSize) {
    Font font = new Font(fontFamily, Font.PLAIN, pixelSize);
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D pg = probe.createGraphics();
    FontMetrics metrics = pg.getFontMetrics(font);
    int width = 0;
    for (String line : lines) {
      width = Math.max(width, metrics.stringWidth(line));
    }
    pg.dispose();
    int margin = 120;
    int lineHeight = (int) (metrics.getHeight() * 1.4);
    BufferedImage image =
        new BufferedImage(
            width + 2 * margin,
            lineHeight * lines.size() + 2 * margin,
            BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      g.setColor(Color.BLACK);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(font);
      int y = margin + metrics.getAscent();
      for (String line : lines) {
        g.drawString(line, margin, y);
        y += lineHeight;
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  public static Path png(Path file, BufferedImage image) throws IOException {
    ImageIO.write(image, "png", file.toFile());
    return file;
  }

  /** A multi-page TIFF (the JDK's own TIFF writer). */
  public static Path multiPageTiff(Path file, List<BufferedImage> pages) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
      for (BufferedImage page : pages) {
        writer.writeToSequence(new IIOImage(page, null, null), null);
      }
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
    return file;
  }

  public static Path write(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  public static byte[] pngBytes(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
