package ai.omnix.pipeline.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class AuditChainTest {
  private static final AuditRecord RECORD =
      AuditRecord.append(
          7,
          Instant.parse("2026-01-15T10:00:00.123456789Z"),
          "ab".repeat(32),
          AuditEvent.of(
                  AuditEventType.API_KEY_REVOKED,
                  Actor.apiKey(UUID.fromString("6f1c1f3e-2a8e-4bb4-9d2c-6d1c0e7d0a01")))
              .tenant(new TenantId("acme"))
              .resource("api_key", "9b2d")
              .client("203.0.113.7", "curl/8.5 ünïcode")
              .with("reason", "api")
              .build());

  @Test
  void theCanonicalFormIsTheDocumentedOne() {
    String expected =
        "omnix-audit-v1\n"
            + "1:7\n"
            + "64:"
            + "ab".repeat(32)
            + "\n"
            + "16:1768471200123456\n"
            + "15:API_KEY_REVOKED\n"
            + "4:acme\n"
            + "7:api_key\n"
            + "36:6f1c1f3e-2a8e-4bb4-9d2c-6d1c0e7d0a01\n"
            + "7:api_key\n"
            + "4:9b2d\n"
            + "15:api_key_revoked\n"
            + "11:203.0.113.7\n"
            + "18:curl/8.5 ünïcode\n"
            + "4:true\n"
            + "16:{\"reason\":\"api\"}\n";
    assertThat(new String(AuditChain.canonical(RECORD), StandardCharsets.UTF_8))
        .isEqualTo(expected);
    assertThat(RECORD.hash()).isEqualTo(sha256(expected));
  }

  @Test
  void everyFieldIsCoveredByTheHash() {
    List<UnaryOperator<AuditRecord>> changes = new ArrayList<>();
    changes.add(r -> copy(r, 8, null, null));
    changes.add(r -> copy(r, -1, "prev", "cd".repeat(32)));
    changes.add(r -> copy(r, -1, "time", null));
    for (int field = 0; field < 11; field++) {
      int f = field;
      changes.add(r -> copy(r, -1, "field" + f, null));
    }
    Set<String> hashes = new HashSet<>();
    hashes.add(RECORD.hash());
    for (UnaryOperator<AuditRecord> change : changes) {
      hashes.add(AuditChain.hash(change.apply(RECORD)));
    }
    assertThat(hashes).hasSize(changes.size() + 1);
  }

  @Test
  void anAbsentFieldIsNotAnEmptyOne() {
    AuditRecord withNullIp = copy(RECORD, -1, "field6", null);
    AuditRecord withEmptyIp = copy(RECORD, -1, "field6", "");
    assertThat(AuditChain.hash(withNullIp)).isNotEqualTo(AuditChain.hash(withEmptyIp));
  }

  @Test
  void metadataIsCanonicalJson() {
    Map<String, Object> metadata = new java.util.LinkedHashMap<>();
    metadata.put("z", List.of(1, 2.5, true, "a\"b\\c\n\u0001"));
    metadata.put("a", java.util.Collections.singletonMap("k", null));
    assertThat(AuditChain.metadataJson(metadata))
        .isEqualTo("{\"a\":{\"k\":null},\"z\":[1,2.5,true,\"a\\\"b\\\\c\\u000a\\u0001\"]}");
    assertThatThrownBy(() -> AuditChain.metadataJson(Map.of("x", Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class);
    Object deep = "leaf";
    for (int i = 0; i < 10; i++) {
      deep = List.of(deep);
    }
    Object tooDeep = deep;
    assertThatThrownBy(() -> AuditChain.metadataJson(Map.of("x", tooDeep)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aLongUserAgentIsCutAndAnOversizedFieldRefused() {
    AuditEvent event =
        AuditEvent.of(AuditEventType.AUTHENTICATION_FAILED, Actor.anonymous())
            .client("198.51.100.2", "x".repeat(5_000))
            .build();
    assertThat(event.userAgent()).hasSize(AuditEvent.MAX_USER_AGENT);
    assertThatThrownBy(
            () ->
                AuditEvent.of(AuditEventType.ASSET_DELETED, Actor.system("t"))
                    .resource("asset", "a".repeat(AuditEvent.MAX_FIELD + 1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Actor(Actor.Kind.API_KEY, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Actor(Actor.Kind.ANONYMOUS, "someone"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The record with one thing changed: field0..field10 are type … metadata, in canonical order. */
  private static AuditRecord copy(AuditRecord r, long seq, String what, String value) {
    String[] f = {
      r.type(),
      r.tenantId(),
      r.actorType(),
      r.actorId(),
      r.resourceType(),
      r.resourceId(),
      r.action(),
      r.ip(),
      r.userAgent(),
      Boolean.toString(r.success()),
      r.metadata()
    };
    if (what != null && what.startsWith("field")) {
      int i = Integer.parseInt(what.substring(5));
      f[i] =
          i == 9
              ? Boolean.toString(!r.success())
              : value != null ? value : f[i] == null ? "x" : null;
    }
    return new AuditRecord(
        seq > 0 ? seq : r.seq(),
        "time".equals(what) ? r.occurredAt().plusNanos(1_000) : r.occurredAt(),
        f[0],
        f[1],
        f[2],
        f[3],
        f[4],
        f[5],
        f[6],
        f[7],
        f[8],
        Boolean.parseBoolean(f[9]),
        f[10],
        "prev".equals(what) ? value : r.prevHash(),
        null);
  }

  private static String sha256(String s) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
