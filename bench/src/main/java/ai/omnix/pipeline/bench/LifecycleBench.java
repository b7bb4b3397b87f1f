package ai.omnix.pipeline.bench;

import ai.omnix.pipeline.batch.PipelineBatchRunner;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.retention.AssetRetention;
import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.lifecycle.BlobBackends;
import ai.omnix.pipeline.lifecycle.erasure.TenantErasureHandler;
import ai.omnix.pipeline.lifecycle.retention.RetentionJobHandler;
import ai.omnix.pipeline.storage.crypto.DataKeys;
import ai.omnix.pipeline.storage.crypto.MasterKey;
import ai.omnix.pipeline.storage.crypto.PostgresDataKeyStore;
import ai.omnix.pipeline.storage.crypto.TinkEncryptingBlobStore;
import ai.omnix.pipeline.storage.local.LocalBlobStore;
import ai.omnix.pipeline.storage.local.LocalBlobStoreConfig;
import ai.omnix.pipeline.store.asset.AssetRepository;
import ai.omnix.pipeline.store.audit.JdbcAuditLog;
import ai.omnix.pipeline.store.hold.JdbcLegalHolds;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import ai.omnix.pipeline.testkit.SettableClock;
import ai.omnix.pipeline.testkit.SharedPostgres;
import ai.omnix.pipeline.testkit.jobs.TempDirJobAssets;
import ai.omnix.pipeline.testkit.jobs.TempDirJobExecution;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The data lifecycle on local disk (issue 13): (1) encrypted against plain local upload and
 * download throughput, alternating rounds in one JVM ({@code BENCH_CRYPTO_MB} per transfer, default
 * 256); (2) retention of {@code BENCH_LIFECYCLE_ASSETS} expired assets (default 100,000) in
 * deletions per second, against a bare loop of the same backend's delete calls over as many blobs;
 * (3) erasure of a tenant with that many assets, wall time. Real embedded PostgreSQL, durable
 * commits off as in the tests ({@link SharedPostgres}).
 */
final class LifecycleBench {
  private static final int MIB = 1024 * 1024;

  private LifecycleBench() {}

  static Map<String, Object> run(BenchConfig config) throws Exception {
    Map<String, Object> out = Results.header("lifecycle", config);
    int mb = Integer.parseInt(System.getenv().getOrDefault("BENCH_CRYPTO_MB", "256"));
    int assets = Integer.parseInt(System.getenv().getOrDefault("BENCH_LIFECYCLE_ASSETS", "100000"));
    int rounds = 3;
    Path root = Files.createTempDirectory("lifecycle-bench");
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(SharedPostgres.newDatabase("lifecycle"));
    hikari.setUsername(SharedPostgres.username());
    hikari.setMaximumPoolSize(4);
    HikariDataSource ds = new HikariDataSource(hikari);
    Flyway.configure().dataSource(ds).locations("classpath:db/migration/omnix").load().migrate();
    JdbcClient jdbc = JdbcClient.create(ds);
    SettableClock clock = new SettableClock(Instant.now());
    LocalBlobStore plain = new LocalBlobStore(new LocalBlobStoreConfig(root.resolve("blobs")));
    DataKeys keys =
        new DataKeys(
            new PostgresDataKeyStore(ds),
            MasterKey.fromBase64(MasterKey.generateBase64()),
            clock,
            Duration.ofMinutes(1));
    TinkEncryptingBlobStore encrypted = new TinkEncryptingBlobStore(plain, keys);

    // 1. throughput
    byte[] block = new byte[MIB];
    new Random(1).nextBytes(block);
    long bytes = (long) mb * MIB;
    // warm-up, not measured: AES-GCM runs at ~85 MB/s until C2 compiles it with its intrinsics
    // (measured here: 4.6 GB/s afterwards), which takes a few hundred MB
    for (int w = 0; w < 6; w++) {
      BlobKey key = BlobKey.of("tenants", "bench", "assets", "warm-up");
      long warmBytes = 128L * MIB;
      encrypted.put(key, repeating(block, warmBytes), warmBytes, "video/mp4");
      drain(encrypted.open(key));
      plain.put(key, repeating(block, warmBytes), warmBytes, "video/mp4");
      drain(plain.open(key));
      plain.delete(key);
    }
    List<Double> plainUp = new ArrayList<>();
    List<Double> encUp = new ArrayList<>();
    List<Double> plainDown = new ArrayList<>();
    List<Double> encDown = new ArrayList<>();
    for (int r = 0; r < rounds + 1; r++) {
      boolean warm = r > 0;
      for (boolean enc : new boolean[] {false, true}) {
        BlobStore store = enc ? encrypted : plain;
        BlobKey key = BlobKey.of("tenants", "bench", "assets", (enc ? "enc-" : "plain-") + r);
        long t0 = System.nanoTime();
        store.put(key, repeating(block, bytes), bytes, "video/mp4");
        double up = mbPerSecond(bytes, System.nanoTime() - t0);
        t0 = System.nanoTime();
        long read = drain(store.open(key));
        double down = mbPerSecond(read, System.nanoTime() - t0);
        if (read != bytes) {
          throw new IllegalStateException("read " + read + " of " + bytes);
        }
        store.delete(key);
        if (warm) {
          (enc ? encUp : plainUp).add(up);
          (enc ? encDown : plainDown).add(down);
        }
      }
    }
    Map<String, Object> crypto = new LinkedHashMap<>();
    crypto.put("mb_per_transfer", mb);
    crypto.put("rounds", rounds);
    crypto.put("upload_mb_s_plain", median(plainUp));
    crypto.put("upload_mb_s_encrypted", median(encUp));
    crypto.put("upload_ratio", Results.round(median(encUp) / median(plainUp)));
    crypto.put("download_mb_s_plain", median(plainDown));
    crypto.put("download_mb_s_encrypted", median(encDown));
    crypto.put("download_ratio", Results.round(median(encDown) / median(plainDown)));
    out.put("encryption", crypto);
    System.out.printf(
        "encryption: upload %.0f vs %.0f MB/s (%.2fx), download %.0f vs %.0f MB/s (%.2fx)%n",
        median(encUp),
        median(plainUp),
        median(encUp) / median(plainUp),
        median(encDown),
        median(plainDown),
        median(encDown) / median(plainDown));

    // 2. retention against a bare delete loop
    DataSourceTransactionManager txManager = new DataSourceTransactionManager(ds);
    TransactionTemplate tx = new TransactionTemplate(txManager);
    TenantRepository tenants = new TenantRepository(jdbc, clock);
    AssetRepository assetRepository = new AssetRepository(jdbc, clock);
    JdbcLegalHolds holds = new JdbcLegalHolds(jdbc, tx, clock);
    JdbcAuditLog audit = new JdbcAuditLog(jdbc, tx, clock);
    PipelineBatchRunner runner = batchRunner(ds, txManager);
    BlobBackends backends = new BlobBackends(List.of(encrypted));

    Tenant expiring = tenants.create(new TenantId("bench-expiring"), "Bench", Plan.ENTERPRISE);
    long seed = System.nanoTime();
    seed(encrypted, assetRepository, expiring, assets, AssetRetention.temporary(clock.instant()));
    double seedSeconds = (System.nanoTime() - seed) / 1e9;
    List<BlobKey> bare = new ArrayList<>(assets);
    for (int i = 0; i < assets; i++) {
      BlobKey key = BlobKey.of("tenants", "bench-bare", "assets", "b" + i);
      encrypted.put(key, new ByteArrayInputStream(new byte[1024]), 1024, "text/plain");
      bare.add(key);
    }
    clock.advance(Duration.ofHours(25));
    long t0 = System.nanoTime();
    JobResult retention =
        new RetentionJobHandler(runner, ds, backends, holds, audit, clock)
            .handle(execution("retention-enforcement", Map.of("chunk_size", 500), root));
    double retentionSeconds = (System.nanoTime() - t0) / 1e9;
    t0 = System.nanoTime();
    for (BlobKey key : bare) {
      plain.delete(key);
    }
    double bareSeconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> ret = new LinkedHashMap<>();
    ret.put("assets", assets);
    ret.put("seed_seconds", Results.round(seedSeconds));
    ret.put("retention_seconds", Results.round(retentionSeconds));
    ret.put("retention_deletions_per_s", Results.round(assets / retentionSeconds));
    ret.put("bare_delete_seconds", Results.round(bareSeconds));
    ret.put("bare_deletions_per_s", Results.round(assets / bareSeconds));
    ret.put("ratio", Results.round(bareSeconds / retentionSeconds));
    ret.put("summary_assets", retention.summary().get("assets"));
    out.put("retention", ret);
    System.out.printf(
        "retention: %d assets in %.2f s (%.0f/s) vs bare deletes %.2f s (%.0f/s): %.3fx%n",
        assets,
        retentionSeconds,
        assets / retentionSeconds,
        bareSeconds,
        assets / bareSeconds,
        bareSeconds / retentionSeconds);

    // 3. erasure
    Tenant erased = tenants.create(new TenantId("bench-erased"), "Bench", Plan.ENTERPRISE);
    seed(encrypted, assetRepository, erased, assets, AssetRetention.policy());
    tenants.create(new TenantId("admin"), "Admin", Plan.ENTERPRISE);
    t0 = System.nanoTime();
    JobResult erasure =
        new TenantErasureHandler(
                jdbc,
                tx,
                backends,
                holds,
                ai.omnix.pipeline.store.StandardJobHooks.repository(
                    jdbc,
                    tx,
                    new ai.omnix.pipeline.store.webhook.WebhookRepository(jdbc, clock),
                    clock),
                tenants,
                audit,
                clock,
                keys)
            .handle(execution("tenant-erasure", Map.of("tenant_id", erased.id().value()), root));
    double erasureSeconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> era = new LinkedHashMap<>();
    era.put("assets", assets);
    era.put("wall_seconds", Results.round(erasureSeconds));
    era.put("objects_deleted", erasure.summary().get("objects_deleted"));
    era.put("data_key", erasure.summary().get("data_key"));
    out.put("erasure", era);
    System.out.printf("erasure: tenant with %d assets in %.2f s%n", assets, erasureSeconds);
    out.put("load_average_at_end", Results.loadAverage());
    return out;
  }

  private static void seed(
      BlobStore store, AssetRepository assets, Tenant tenant, int n, AssetRetention retention)
      throws IOException {
    for (int i = 0; i < n; i++) {
      String id = AssetRepository.newId();
      BlobKey key = AssetRepository.blobKey(tenant.id(), id);
      store.put(key, new ByteArrayInputStream(new byte[1024]), 1024, "text/plain");
      assets.insert(
          new AssetRepository.NewAsset(
                  id,
                  tenant.id(),
                  key,
                  store.backend(),
                  "f.txt",
                  "text/plain",
                  1024,
                  "x",
                  null,
                  null,
                  null,
                  Map.of())
              .withRetention(retention));
    }
  }

  private static TempDirJobExecution execution(String type, Map<String, Object> params, Path root)
      throws IOException {
    return new TempDirJobExecution(
        type, null, params, new TempDirJobAssets(Files.createTempDirectory(root, "run")));
  }

  private static PipelineBatchRunner batchRunner(DataSource ds, DataSourceTransactionManager tx)
      throws Exception {
    JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
    factory.setDataSource(ds);
    factory.setTransactionManager(tx);
    factory.afterPropertiesSet();
    JobRepository repository = factory.getObject();
    TaskExecutorJobOperator operator = new TaskExecutorJobOperator();
    operator.setJobRepository(repository);
    operator.setJobRegistry(new MapJobRegistry());
    operator.setTaskExecutor(new SyncTaskExecutor());
    operator.afterPropertiesSet();
    return new PipelineBatchRunner(operator, repository, tx);
  }

  /** {@code total} bytes of {@code block} repeated, generated as read (never held whole). */
  private static InputStream repeating(byte[] block, long total) {
    return new InputStream() {
      long left = total;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left == 0) {
          return -1;
        }
        int at = (int) ((total - left) % block.length);
        int n = (int) Math.min(Math.min(len, block.length - at), left);
        System.arraycopy(block, at, b, off, n);
        left -= n;
        return n;
      }
    };
  }

  private static long drain(InputStream in) throws IOException {
    byte[] buffer = new byte[256 * 1024];
    long total = 0;
    try (in) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        total += n;
      }
    }
    return total;
  }

  private static double mbPerSecond(long bytes, long nanos) {
    return bytes / (double) MIB / (nanos / 1e9);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    return sorted.get(sorted.size() / 2);
  }
}
