package ai.omnix.pipeline.api.autoconfigure;

import ai.omnix.pipeline.api.assets.AssetIngest;
import ai.omnix.pipeline.api.assets.AssetsController;
import ai.omnix.pipeline.api.assets.FilesController;
import ai.omnix.pipeline.api.assets.SignedLinks;
import ai.omnix.pipeline.api.assets.UploadHashers;
import ai.omnix.pipeline.api.assets.UploadProperties;
import ai.omnix.pipeline.api.assets.UploadsController;
import ai.omnix.pipeline.api.auth.SecurityEvents;
import ai.omnix.pipeline.api.jobs.JobEventStreams;
import ai.omnix.pipeline.api.jobs.JobSubmissionService;
import ai.omnix.pipeline.api.jobs.JobTypesController;
import ai.omnix.pipeline.api.jobs.JobsController;
import ai.omnix.pipeline.api.problem.ProblemAdvice;
import ai.omnix.pipeline.api.tenants.AdminBootstrap;
import ai.omnix.pipeline.api.tenants.TenantsController;
import ai.omnix.pipeline.api.webhooks.WebhookEndpointsController;
import ai.omnix.pipeline.core.admission.AdmissionPolicy;
import ai.omnix.pipeline.core.admission.PlanLimitsAdmissionPolicy;
import ai.omnix.pipeline.core.job.type.JobTypeRegistry;
import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import ai.omnix.pipeline.core.secret.SecretFiles;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.core.storage.ContentSniffer;
import ai.omnix.pipeline.store.asset.AssetRepository;
import ai.omnix.pipeline.store.job.JobQueries;
import ai.omnix.pipeline.store.job.JobSubmissions;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import me.desair.tus.server.TusFileUploadService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The api role ({@code omnix.api.enabled=true}): REST controllers, authentication, limits,
 * admission.
 */
@AutoConfiguration(afterName = "ai.omnix.pipeline.workers.autoconfigure.JobTypesAutoConfiguration")
@EnableConfigurationProperties({ApiProperties.class, UploadProperties.class})
@ConditionalOnProperty(name = "omnix.api.enabled", havingValue = "true", matchIfMissing = true)
@Import({
  ApiAuthenticationConfiguration.class,
  JobsController.class,
  JobTypesController.class,
  ai.omnix.pipeline.api.jobs.ModelsController.class,
  TenantsController.class,
  WebhookEndpointsController.class,
  AssetsController.class,
  UploadsController.class,
  FilesController.class,
  PlaybackConfiguration.class,
  ProblemAdvice.class,
  ai.omnix.pipeline.api.operations.OperatorController.class,
  ai.omnix.pipeline.api.tenants.ApiKeysController.class
})
public class ApiAutoConfiguration {

  @Bean
  AdmissionPolicy planLimitsAdmissionPolicy(
      JobQueries jobs, Clock clock, ApiProperties properties) {
    return new PlanLimitsAdmissionPolicy(
        new CachedUnfinishedJobCounter(
            jobs::unfinishedJobs, clock, properties.admissionCountCache()));
  }

  /** 422 job_type_unavailable for a type no live worker runs (read at most every 5 s). */
  @Bean
  AdmissionPolicy runnableTypeAdmissionPolicy(
      ai.omnix.pipeline.store.worker.WorkerJobTypes workerTypes) {
    return new ai.omnix.pipeline.core.admission.RunnableTypeAdmissionPolicy(
        workerTypes.cached(java.time.Duration.ofSeconds(5)));
  }

  @Bean
  JobSubmissionService jobSubmissionService(
      JobTypeRegistry registry,
      List<AdmissionPolicy> admission,
      JobSubmissions jobs,
      OutboundAddressPolicy outbound,
      AssetRepository assets) {
    return new JobSubmissionService(registry, admission, jobs, outbound, assets);
  }

  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService jobEventPoller() {
    return Executors.newScheduledThreadPool(
        2,
        r -> {
          Thread thread = new Thread(r, "job-event-streams");
          thread.setDaemon(true);
          return thread;
        });
  }

  @Bean
  JobEventStreams jobEventStreams(
      JobQueries jobs, ScheduledExecutorService jobEventPoller, ApiProperties properties) {
    Duration keepAlive = Duration.ofSeconds(15);
    JobEventStreams streams =
        new JobEventStreams(
            jobs::events,
            jobEventPoller,
            Duration.ofMinutes(30),
            keepAlive,
            properties.eventStreamsPerTenant(),
            properties.eventStreamBufferBytes());
    jobEventPoller.scheduleWithFixedDelay(
        streams::keepAlive, keepAlive.toMillis(), keepAlive.toMillis() / 3, TimeUnit.MILLISECONDS);
    return streams;
  }

  /** One LISTEN connection per process feeds every open job event stream. */
  @Bean(destroyMethod = "close")
  ai.omnix.pipeline.store.job.JobEventListener jobEventListener(
      javax.sql.DataSource dataSource, JobEventStreams streams) {
    return new ai.omnix.pipeline.store.job.JobEventListener(
            dataSource, streams::jobChanged, streams::catchUp, Duration.ofSeconds(5))
        .start();
  }

  @Bean
  ApplicationListener<ApplicationReadyEvent> adminBootstrap(
      TenantRepository tenants,
      ApiProperties properties,
      SecurityEvents events,
      ai.omnix.pipeline.api.audit.ActionAudit audit) {
    return event ->
        new AdminBootstrap(tenants, events, audit).ensureAdmin(properties.bootstrapApiKey());
  }

  @Bean
  AssetIngest assetIngest(
      BlobStore blobs,
      ContentSniffer sniffer,
      AssetRepository assets,
      UploadProperties limits,
      UploadHashers uploadHashers) {
    return new AssetIngest(blobs, sniffer, assets, limits, uploadHashers.executor());
  }

  @Bean
  UploadHashers uploadHashers() {
    return new UploadHashers(Math.max(2, Runtime.getRuntime().availableProcessors() * 2));
  }

  /**
   * Tomcat reads request bodies through an 8 KiB buffer by default: a large upload then costs one
   * read call per 8 KiB. 64 KiB per connection cuts that eightfold.
   */
  @Bean
  @ConditionalOnClass(name = "org.springframework.boot.tomcat.TomcatConnectorCustomizer")
  org.springframework.boot.tomcat.TomcatConnectorCustomizer uploadReadBuffer() {
    return connector -> connector.setProperty("socket.appReadBufSize", Integer.toString(64 * 1024));
  }

  @Bean
  SignedLinks signedLinks(
      UploadProperties properties, Clock clock, @Value("${omnix.data-dir:data}") String dataDir) {
    String secret = properties.signingSecret();
    if (secret == null || secret.isBlank()) {
      secret = persistentSecret(Path.of(dataDir).resolve("url-signing-secret"));
    }
    return new SignedLinks(secret.getBytes(StandardCharsets.UTF_8), clock);
  }

  /** Generated once into the data directory, readable by its owner only (0600). */
  private static synchronized String persistentSecret(Path file) {
    try {
      SecretFiles.Secret secret = SecretFiles.readOrCreate(file, () -> SecretFiles.randomToken(32));
      if (secret.narrowed()) {
        org.slf4j.LoggerFactory.getLogger(ApiAutoConfiguration.class)
            .warn("{} was readable by others; it is now readable by its owner only", file);
      }
      return secret.value();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot keep the link signing secret in " + file + "; set omnix.uploads.signing-secret",
          e);
    }
  }

  @Bean
  TusFileUploadService tusFileUploadService(
      UploadProperties properties, @Value("${omnix.data-dir:data}") String dataDir)
      throws IOException {
    Path directory =
        Path.of(
            properties.resumableDirectory() != null
                ? properties.resumableDirectory()
                : Path.of(dataDir).resolve("uploads").toString());
    // tus-java-server keeps parts and locks in these; its cleanup fails on a fresh directory
    // without them
    Files.createDirectories(directory.resolve("uploads"));
    Files.createDirectories(directory.resolve("locks"));
    return new TusFileUploadService()
        .withUploadUri("/v1/uploads")
        .withStoragePath(directory.toAbsolutePath().toString())
        .withMaxUploadSize(properties.largestMaxBytes())
        .withUploadExpirationPeriod(properties.resumableExpiry().toMillis())
        .withThreadLocalCache(true);
  }

  /** Removes resumable uploads abandoned past their expiry, with their parts. */
  @Bean
  ApplicationListener<ApplicationReadyEvent> resumableUploadCleanup(
      TusFileUploadService tus, ScheduledExecutorService jobEventPoller) {
    return event ->
        jobEventPoller.scheduleWithFixedDelay(
            () -> {
              try {
                tus.cleanup();
              } catch (IOException | RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ApiAutoConfiguration.class)
                    .warn("resumable upload cleanup failed", e);
              }
            },
            1,
            10,
            java.util.concurrent.TimeUnit.MINUTES);
  }
}
