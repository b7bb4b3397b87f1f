package ai.omnix.pipeline.document.autoconfigure;

import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.storage.ContentSniffer;
import ai.omnix.pipeline.document.DocumentLimits;
import ai.omnix.pipeline.document.detect.TikaContentSniffer;
import ai.omnix.pipeline.document.extract.DocumentTextExtractor;
import ai.omnix.pipeline.document.extract.ExtractJobHandler;
import ai.omnix.pipeline.document.extract.ExtractJobType;
import ai.omnix.pipeline.document.ocr.DocumentOcr;
import ai.omnix.pipeline.document.ocr.OcrJobHandler;
import ai.omnix.pipeline.document.ocr.OcrJobType;
import ai.omnix.pipeline.document.ocr.TesseractEngines;
import ai.omnix.pipeline.document.thumbnail.DocumentThumbnailJobHandler;
import ai.omnix.pipeline.document.thumbnail.DocumentThumbnailJobType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Document processing's contributions: the content sniffer every upload goes through, and the
 * {@code extract}, {@code ocr} and {@code document-thumbnail} job types in every role; their
 * handlers (Tika extraction, the Tesseract engines, PDF rendering) in the worker role only ({@code
 * omnix.worker.enabled}). The Tesseract natives load on the first OCR job.
 */
@AutoConfiguration
@EnableConfigurationProperties(DocumentProperties.class)
public class DocumentProcessingAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  ContentSniffer contentSniffer() {
    return new TikaContentSniffer();
  }

  /** PDFs of plain text for modules without PDFBox of their own (billing's invoices). */
  @Bean
  @ConditionalOnMissingBean
  ai.omnix.pipeline.core.document.TextPdfRenderer textPdfRenderer() {
    return new ai.omnix.pipeline.document.pdf.PdfBoxTextRenderer();
  }

  @Bean
  DocumentLimits documentLimits(DocumentProperties properties) {
    return properties.toLimits();
  }

  @Bean
  JobType extractJobType() {
    return ExtractJobType.TYPE;
  }

  @Bean
  JobType ocrJobType() {
    return OcrJobType.TYPE;
  }

  @Bean
  JobType documentThumbnailJobType() {
    return DocumentThumbnailJobType.TYPE;
  }

  /** What runs document jobs: only a worker builds it. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "omnix.worker.enabled", havingValue = "true", matchIfMissing = true)
  static class Handlers {
    @Bean
    @ConditionalOnMissingBean
    DocumentTextExtractor documentTextExtractor(DocumentLimits limits) {
      return new DocumentTextExtractor(limits);
    }

    @Bean
    @ConditionalOnMissingBean
    TesseractEngines tesseractEngines(DocumentLimits limits) {
      return new TesseractEngines(limits.tessdataDir());
    }

    @Bean
    @ConditionalOnMissingBean
    DocumentOcr documentOcr(
        TesseractEngines engines, DocumentTextExtractor extractor, DocumentProperties properties) {
      return new DocumentOcr(engines, extractor, properties.ocrThreads());
    }

    @Bean
    JobHandler extractJobHandler(DocumentTextExtractor extractor, DocumentLimits limits) {
      return new ExtractJobHandler(extractor, limits);
    }

    @Bean
    JobHandler ocrJobHandler(DocumentOcr ocr, DocumentLimits limits) {
      return new OcrJobHandler(ocr, limits);
    }

    @Bean
    JobHandler documentThumbnailJobHandler(DocumentTextExtractor extractor, DocumentLimits limits) {
      return new DocumentThumbnailJobHandler(extractor, limits);
    }
  }
}
