package ai.omnix.pipeline.bench;

import ai.omnix.pipeline.core.audit.Actor;
import ai.omnix.pipeline.core.audit.AuditEvent;
import ai.omnix.pipeline.core.audit.AuditEventType;
import ai.omnix.pipeline.core.audit.ChainVerification;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.audit.JdbcAuditLog;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The cost of an audit append. Ours: {@code JdbcAuditLog.record} in its own transaction (the
 * chain's advisory lock, a read of the head, SHA-256 of the canonical form, the insert, the
 * commit). Baseline: the same row inserted in its own transaction into a copy of the table with the
 * same columns and indexes but no chain (a sequence for seq, no lock, no hash, no triggers).
 * Durable commits (fsync and synchronous_commit on, on a PostgreSQL of its own), 1 and {@code
 * BENCH_THREADS} threads, measured in alternating slices. Finally the chain is verified and timed.
 */
final class AuditBench {
  private AuditBench() {}

  static Map<String, Object> run(BenchConfig config) throws Exception {
    Map<String, Object> out = Results.header("audit", config);
    Duration warmup = Duration.ofSeconds(config.warmupSeconds());
    int slices = config.seconds() >= 3 ? 3 : 1;
    Duration slice = Duration.ofMillis(config.seconds() * 1000L / slices);
    int maxThreads = Math.min(config.threads(), 32);
    try (EmbeddedPostgres pg =
            EmbeddedPostgres.builder()
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "100")
                .start();
        HikariDataSource ds = pool(pg.getJdbcUrl("postgres", "postgres"), maxThreads + 2)) {
      Flyway.configure().dataSource(ds).locations("classpath:db/migration/omnix").load().migrate();
      JdbcClient jdbc = JdbcClient.create(ds);
      TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
      jdbc.sql("create table audit_events_plain (like audit_events including all)").update();
      jdbc.sql("create sequence audit_events_plain_seq").update();
      JdbcAuditLog log = new JdbcAuditLog(jdbc, tx, Clock.systemUTC());
      String fakeHash = "f".repeat(64);

      IntFunction<Load.Op> ours = thread -> () -> log.record(anEvent(thread));
      IntFunction<Load.Op> bare =
          thread ->
              () ->
                  tx.executeWithoutResult(
                      s -> {
                        AuditEvent e = anEvent(thread);
                        jdbc.sql(
                                """
                            insert into audit_events_plain (seq, occurred_at, event_type, tenant_id,
                              actor_type, actor_id, resource_type, resource_id, action, ip, user_agent,
                              success, metadata, prev_hash, hash)
                            values (nextval('audit_events_plain_seq'), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                              ?, ?, ?)""")
                            .params(
                                Timestamp.from(Instant.now()),
                                e.type().name(),
                                e.tenant().value(),
                                e.actor().kind().wireName(),
                                e.actor().id(),
                                e.resourceType(),
                                e.resourceId(),
                                e.action(),
                                e.ip(),
                                e.userAgent(),
                                e.success(),
                                "{\"reason\":\"api\"}",
                                fakeHash,
                                fakeHash)
                            .update();
                      });

      System.out.printf(
          "%n== audit: ours = JdbcAuditLog.record (chained), bare = the same row without a chain; "
              + "durable commits; warm-up %d s, then %d alternating slices of %.1f s per thread count ==%n",
          config.warmupSeconds(), slices, slice.toMillis() / 1000.0);
      List<Map<String, Object>> runs = new ArrayList<>();
      for (int threads : maxThreads > 1 ? List.of(1, maxThreads) : List.of(1)) {
        Load.run(threads, Duration.ZERO, warmup, ours);
        Load.run(threads, Duration.ZERO, warmup, bare);
        List<Load.Result> oursParts = new ArrayList<>();
        List<Load.Result> bareParts = new ArrayList<>();
        for (int i = 0; i < slices; i++) {
          oursParts.add(Load.run(threads, Duration.ZERO, slice, ours));
          bareParts.add(Load.run(threads, Duration.ZERO, slice, bare));
        }
        Load.Result o = Load.merge(oursParts);
        Load.Result b = Load.merge(bareParts);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("threads", threads);
        run.put("ours", o.toMap());
        run.put("bare", b.toMap());
        run.put("throughput_ratio", Results.round(o.throughput() / b.throughput()));
        run.put(
            "added_latency_ms_p50", Results.round(o.percentileMillis(50) - b.percentileMillis(50)));
        runs.add(run);
        System.out.printf(
            "threads %d: ours %.0f appends/s (p50 %.2f ms, p99 %.2f ms), bare %.0f inserts/s (p50 %.2f"
                + " ms, p99 %.2f ms): ratio %.2f%n",
            threads,
            o.throughput(),
            o.percentileMillis(50),
            o.percentileMillis(99),
            b.throughput(),
            b.percentileMillis(50),
            b.percentileMillis(99),
            o.throughput() / b.throughput());
      }
      out.put("runs", runs);

      long t0 = System.nanoTime();
      ChainVerification verification = log.verify();
      double seconds = (System.nanoTime() - t0) / 1e9;
      Map<String, Object> verify = new LinkedHashMap<>();
      verify.put("valid", verification.valid());
      verify.put("records", verification.checked());
      verify.put("seconds", Results.round(seconds));
      verify.put("records_per_second", Results.round(verification.checked() / seconds));
      out.put("verify", verify);
      System.out.printf(
          "verify: %s, %d records in %.2f s (%.0f records/s)%n",
          verification.valid() ? "valid" : "BROKEN",
          verification.checked(),
          seconds,
          verification.checked() / seconds);
    }
    return out;
  }

  private static AuditEvent anEvent(int thread) {
    return AuditEvent.of(AuditEventType.API_KEY_ISSUED, Actor.apiKey(UUID.randomUUID()))
        .tenant(new TenantId("bench-tenant-" + thread))
        .resource("api_key", UUID.randomUUID().toString())
        .action("issue")
        .client("203.0.113.7", "bench/1.0")
        .with("reason", "api")
        .build();
  }

  private static HikariDataSource pool(String url, int size) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(url);
    hikari.setUsername("postgres");
    hikari.setMaximumPoolSize(size);
    return new HikariDataSource(hikari);
  }
}
