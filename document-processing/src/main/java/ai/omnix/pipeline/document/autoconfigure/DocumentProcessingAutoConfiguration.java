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
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Document processing's contributions: the content sniffer every upload goes through, and the
 * {@code extract}, {@code ocr} and {@code document-thumbnail} job types with their handlers. The
 * Tesseract natives load on the first OCR job, so roles that never run one (API, scheduler) do not
 * pay for them.
 */
@AutoConfiguration
@EnableConfigurationProperties(DocumentProperties.class)
public class DocumentProcessingAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  ContentSniffer contentSniffer() {
    return new TikaContentSniffer();
  }

  @Bean
  DocumentLimits documentLimits(DocumentProperties properties) {
    return properties.toLimits();
  }

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
  JobType extractJobType() {
    return new ExtractJobType();
  }

  @Bean
  JobHandler extractJobHandler(DocumentTextExtractor extractor, DocumentLimits limits) {
    return new ExtractJobHandler(extractor, limits);
  }

  @Bean
  JobType ocrJobType() {
    return new OcrJobType();
  }

  @Bean
  JobHandler ocrJobHandler(DocumentOcr ocr, DocumentLimits limits) {
    return new OcrJobHandler(ocr, limits);
  }

  @Bean
  JobType documentThumbnailJobType() {
    return new DocumentThumbnailJobType();
  }

  @Bean
  JobHandler documentThumbnailJobHandler(DocumentTextExtractor extractor, DocumentLimits limits) {
    return new DocumentThumbnailJobHandler(extractor, limits);
  }
}
