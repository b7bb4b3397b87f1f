package ai.omnix.pipeline.document.autoconfigure;

import ai.omnix.pipeline.core.storage.ContentSniffer;
import ai.omnix.pipeline.document.detect.TikaContentSniffer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Document processing's contributions: today the content sniffer every upload goes through. */
@AutoConfiguration
public class DocumentProcessingAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  ContentSniffer contentSniffer() {
    return new TikaContentSniffer();
  }
}
