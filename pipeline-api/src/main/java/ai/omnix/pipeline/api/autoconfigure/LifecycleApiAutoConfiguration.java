package ai.omnix.pipeline.api.autoconfigure;

import ai.omnix.pipeline.api.audit.ActionAudit;
import ai.omnix.pipeline.api.audit.AuditController;
import ai.omnix.pipeline.api.lifecycle.AssetDeletion;
import ai.omnix.pipeline.api.lifecycle.LegalHoldsController;
import ai.omnix.pipeline.api.lifecycle.LineageDeletionJobs;
import ai.omnix.pipeline.api.lifecycle.RetentionController;
import ai.omnix.pipeline.api.lifecycle.UploadRetention;
import ai.omnix.pipeline.core.hold.LegalHolds;
import ai.omnix.pipeline.core.retention.RetentionPolicies;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.store.asset.AssetRepository;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The data lifecycle endpoints of the api role: audit log, retention policies, legal holds; upload
 * retention and audited asset deletion.
 */
@AutoConfiguration(after = ApiAutoConfiguration.class)
@ConditionalOnProperty(name = "omnix.api.enabled", havingValue = "true", matchIfMissing = true)
@Import({AuditController.class, RetentionController.class, LegalHoldsController.class})
public class LifecycleApiAutoConfiguration {

  @Bean
  UploadRetention uploadRetention(RetentionPolicies policies, Clock clock) {
    return new UploadRetention(policies, clock);
  }

  /**
   * Deletes an asset with at most {@code omnix.api.assets.inline-deletion-max-derivatives} (default
   * 100) derivatives inside the request, a larger lineage by a job when a {@link
   * LineageDeletionJobs} is installed (the data lifecycle module's {@code asset-deletion}).
   */
  @Bean
  AssetDeletion assetDeletion(
      AssetRepository assets,
      BlobStore blobs,
      LegalHolds holds,
      ActionAudit audit,
      ObjectProvider<LineageDeletionJobs> background,
      @Value("${omnix.api.assets.inline-deletion-max-derivatives:100}") int inlineMaxDerivatives) {
    return new AssetDeletion(
        assets, blobs, holds, audit, background.getIfAvailable(), inlineMaxDerivatives);
  }
}
