package ai.omnix.pipeline.testkit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.omnix.pipeline.core.audit.Actor;
import ai.omnix.pipeline.core.audit.AuditChain;
import ai.omnix.pipeline.core.audit.AuditEvent;
import ai.omnix.pipeline.core.audit.AuditEventType;
import ai.omnix.pipeline.core.audit.AuditLog;
import ai.omnix.pipeline.core.audit.AuditQuery;
import ai.omnix.pipeline.core.audit.AuditRecord;
import ai.omnix.pipeline.core.audit.AuditTrail;
import ai.omnix.pipeline.core.audit.ChainVerification;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** What every audit log must do; each implementation's test extends this. */
public abstract class AuditLogContract {

  protected abstract AuditLog log();

  protected abstract AuditTrail trail();

  /** The clock the log under test reads. */
  protected abstract SettableClock clock();

  /** Changes a stored record's metadata without re-hashing it, as raw access to the store could. */
  protected abstract void tamperWithMetadata(long seq, String metadata);

  /** Removes a stored record, as raw access to the store could. */
  protected abstract void removeRecord(long seq);

  protected static AuditEvent anEvent(String tenant, boolean success) {
    return AuditEvent.of(AuditEventType.API_KEY_ISSUED, Actor.apiKey(UUID.randomUUID()))
        .tenant(new TenantId(tenant))
        .resource("api_key", UUID.randomUUID().toString())
        .client("203.0.113.7", "curl/8.5")
        .success(success)
        .with("reason", "api")
        .build();
  }

  @Test
  void appendsFormOneChainFromGenesisThatVerifies() {
    AuditRecord first = log().record(anEvent("acme", true));
    AuditRecord second = log().record(anEvent("acme", true));
    AuditRecord third = log().record(anEvent("other", false));

    assertEquals(1, first.seq());
    assertEquals(AuditChain.GENESIS, first.prevHash());
    assertEquals(first.hash(), second.prevHash());
    assertEquals(second.hash(), third.prevHash());
    assertEquals(AuditChain.hash(third), third.hash());
    ChainVerification verification = trail().verify();
    assertTrue(verification.valid(), verification.toString());
    assertEquals(3, verification.checked());
    assertEquals(3L, verification.headSeq());
    assertEquals(third.hash(), verification.headHash());
  }

  @Test
  void anEmptyLogVerifies() {
    ChainVerification verification = trail().verify();
    assertTrue(verification.valid());
    assertEquals(0, verification.checked());
    assertNull(verification.headSeq());
  }

  @Test
  void keepsEveryFieldAndTakesTheTimeFromItsClock() {
    Instant now = clock().instant();
    AuditEvent event =
        AuditEvent.of(AuditEventType.ASSET_DELETED, Actor.apiKey(UUID.randomUUID()))
            .tenant(new TenantId("acme"))
            .resource("asset", "ast_123")
            .action("delete")
            .client("2001:db8::1", "Mozilla/5.0 \"quoted\"\nnewline")
            .success(false)
            .with("derivatives", List.of("ast_1", "ast_2"))
            .with("reason", "legal_hold")
            .build();

    log().record(event);

    AuditRecord stored = trail().find(AuditQuery.all(10)).get(0);
    assertEquals(now.truncatedTo(java.time.temporal.ChronoUnit.MICROS), stored.occurredAt());
    assertEquals("ASSET_DELETED", stored.type());
    assertEquals("acme", stored.tenantId());
    assertEquals("api_key", stored.actorType());
    assertEquals(event.actor().id(), stored.actorId());
    assertEquals("asset", stored.resourceType());
    assertEquals("ast_123", stored.resourceId());
    assertEquals("delete", stored.action());
    assertEquals("2001:db8::1", stored.ip());
    assertEquals("Mozilla/5.0 \"quoted\"\nnewline", stored.userAgent());
    assertFalse(stored.success());
    assertEquals(
        "{\"derivatives\":[\"ast_1\",\"ast_2\"],\"reason\":\"legal_hold\"}", stored.metadata());
    assertTrue(trail().verify().valid());
  }

  @Test
  void findsNewestFirstWithFiltersAndACursor() {
    Instant start = clock().instant();
    String actor = UUID.randomUUID().toString();
    for (int i = 0; i < 6; i++) {
      log()
          .record(
              AuditEvent.of(
                      i % 2 == 0 ? AuditEventType.API_KEY_ISSUED : AuditEventType.API_KEY_REVOKED,
                      i == 4 ? new Actor(Actor.Kind.API_KEY, actor) : Actor.system("bootstrap"))
                  .tenant(new TenantId(i < 3 ? "acme" : "globex"))
                  .success(i != 5)
                  .build());
      clock().advance(Duration.ofMinutes(1));
    }

    List<AuditRecord> all = trail().find(AuditQuery.all(100));
    assertEquals(List.of(6L, 5L, 4L, 3L, 2L, 1L), all.stream().map(AuditRecord::seq).toList());
    assertEquals(List.of(3L, 2L, 1L), seqs(trail().find(AuditQuery.all(100).forTenant("acme"))));
    assertEquals(
        List.of(5L, 3L, 1L),
        seqs(
            trail()
                .find(new AuditQuery(null, "API_KEY_ISSUED", null, null, null, null, null, 100))));
    assertEquals(
        List.of(5L),
        seqs(trail().find(new AuditQuery(null, null, actor, null, null, null, null, 100))));
    assertEquals(
        List.of(6L),
        seqs(trail().find(new AuditQuery(null, null, null, null, null, false, null, 100))));
    assertEquals(
        List.of(4L, 3L),
        seqs(
            trail()
                .find(
                    new AuditQuery(
                        null,
                        null,
                        null,
                        start.plus(Duration.ofMinutes(2)),
                        start.plus(Duration.ofMinutes(4)),
                        null,
                        null,
                        100))));

    List<AuditRecord> firstPage = trail().find(AuditQuery.all(4));
    assertEquals(List.of(6L, 5L, 4L, 3L), seqs(firstPage));
    assertEquals(List.of(2L, 1L), seqs(trail().find(AuditQuery.all(4).before(3))));
    assertEquals(List.of(), seqs(trail().find(AuditQuery.all(4).before(1))));
  }

  private static List<Long> seqs(List<AuditRecord> records) {
    return records.stream().map(AuditRecord::seq).toList();
  }

  @Test
  void concurrentAppendsFormOneLinearChain() throws Exception {
    int threads = 6;
    int each = 15;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String tenant = "tenant-" + t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    log().record(anEvent(tenant, true));
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    ChainVerification verification = trail().verify();
    assertTrue(verification.valid(), verification.toString());
    assertEquals(threads * each, verification.checked());
    assertEquals(
        LongStream.rangeClosed(1, threads * each)
            .boxed()
            .sorted((a, b) -> Long.compare(b, a))
            .toList(),
        seqs(trail().find(AuditQuery.all(AuditQuery.MAX_LIMIT))));
  }

  @Test
  void verifyFindsTheFirstRecordWhoseContentWasChanged() {
    for (int i = 0; i < 5; i++) {
      log().record(anEvent("acme", true));
    }
    tamperWithMetadata(3, "{\"reason\":\"nothing to see\"}");

    ChainVerification verification = trail().verify();
    assertFalse(verification.valid());
    assertEquals(3L, verification.brokenSeq());
    assertEquals("hash_mismatch", verification.problem());
    assertEquals(2, verification.checked());
    assertEquals(2L, verification.headSeq());
  }

  @Test
  void verifyFindsRemovedRecords() {
    for (int i = 0; i < 5; i++) {
      log().record(anEvent("acme", true));
    }
    removeRecord(2);

    ChainVerification verification = trail().verify();
    assertFalse(verification.valid());
    assertEquals(3L, verification.brokenSeq());
    assertEquals("missing_records", verification.problem());
  }

  @Test
  void refusesMetadataTooLargeToStore() {
    AuditEvent huge =
        AuditEvent.of(AuditEventType.ASSET_DELETED, Actor.system("test"))
            .with("blob", "x".repeat(AuditChain.MAX_METADATA_CHARS))
            .build();
    assertThrows(IllegalArgumentException.class, () -> log().record(huge));
    assertTrue(trail().find(AuditQuery.all(10)).isEmpty());
    log().record(anEvent("acme", true));
    assertEquals(1L, trail().verify().headSeq());
  }

  @Test
  void metadataIsCanonicalWhateverTheMapOrder() {
    Map<String, Object> ordered = new java.util.LinkedHashMap<>();
    ordered.put("b", 2);
    ordered.put("a", Map.of("y", true, "x", 1.5));
    Map<String, Object> reversed = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
    reversed.putAll(ordered);
    AuditRecord first =
        log()
            .record(
                new AuditEvent(
                    AuditEventType.ASSET_DELETED,
                    null,
                    Actor.system("t"),
                    null,
                    null,
                    "delete",
                    null,
                    null,
                    true,
                    ordered));
    AuditRecord second =
        log()
            .record(
                new AuditEvent(
                    AuditEventType.ASSET_DELETED,
                    null,
                    Actor.system("t"),
                    null,
                    null,
                    "delete",
                    null,
                    null,
                    true,
                    reversed));
    assertEquals("{\"a\":{\"x\":1.5,\"y\":true},\"b\":2}", first.metadata());
    assertEquals(first.metadata(), second.metadata());
  }
}
