package ai.omnix.pipeline.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.audit.AuditEvent;
import ai.omnix.pipeline.core.audit.AuditRecord;
import ai.omnix.pipeline.testkit.SettableClock;
import ai.omnix.pipeline.testkit.audit.InMemoryAuditLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class FailedAuthenticationsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final SettableClock clock = new SettableClock(Instant.parse("2026-01-15T10:00:00Z"));
  private final InMemoryAuditLog log = new InMemoryAuditLog(clock);
  private final FailedAuthentications failures =
      new FailedAuthentications(log, clock, Duration.ofMinutes(1), 3);

  private List<AuditRecord> events() {
    return log.all();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> metadata(AuditRecord r) {
    return JSON.readValue(r.metadata(), Map.class);
  }

  private void flood(String address, int times) {
    for (int i = 0; i < times; i++) {
      failures.failed(address, "invalid", "/v1/jobs", "bot/1.0");
      clock.advance(Duration.ofMillis(100));
    }
  }

  @Test
  void aFloodFromOneAddressIsOneEventPerWindowAndEveryFailureIsCounted() {
    flood("198.51.100.7", 500);
    assertThat(events()).hasSize(1);
    AuditRecord first = events().get(0);
    assertThat(first.type()).isEqualTo("AUTHENTICATION_FAILED");
    assertThat(first.ip()).isEqualTo("198.51.100.7");
    assertThat(first.actorType()).isEqualTo("anonymous");
    assertThat(first.success()).isFalse();
    assertThat(first.userAgent()).isEqualTo("bot/1.0");
    assertThat(metadata(first))
        .containsEntry("failures", 1)
        .containsEntry("reason", "invalid")
        .containsEntry("path", "/v1/jobs");

    clock.advance(Duration.ofSeconds(15));
    flood("198.51.100.7", 1);

    assertThat(events()).hasSize(2);
    assertThat(metadata(events().get(1)))
        .as("the first window's 499 held failures and this one")
        .containsEntry("failures", 500);
    assertThat(events().stream().mapToInt(r -> (Integer) metadata(r).get("failures")).sum())
        .isEqualTo(501);
  }

  @Test
  void heldFailuresAreWrittenWhenTheWindowEndsEvenIfTheFloodStops() {
    flood("198.51.100.7", 10);
    failures.flush();
    assertThat(events()).as("the window is not over").hasSize(1);

    clock.advance(Duration.ofMinutes(1));
    failures.flush();
    assertThat(events()).hasSize(2);
    assertThat(metadata(events().get(1))).containsEntry("failures", 9);

    flood("198.51.100.7", 1);
    assertThat(events()).as("the flush opened a new window").hasSize(2);
    clock.advance(Duration.ofMinutes(2));
    failures.flush();
    failures.flush();
    assertThat(events()).hasSize(3);
    assertThat(metadata(events().get(2))).containsEntry("failures", 1);
  }

  @Test
  void addressesBeyondTheLimitShareOneBucket() {
    for (int i = 0; i < 50; i++) {
      failures.failed("203.0.113." + i, "invalid", "/v1/me", null);
    }
    assertThat(events()).hasSize(4);
    assertThat(events().get(3).ip()).isNull();
    assertThat(metadata(events().get(3))).containsEntry("addresses", "overflow");

    clock.advance(Duration.ofMinutes(1));
    failures.flush();
    assertThat(metadata(events().get(4)))
        .containsEntry("addresses", "overflow")
        .containsEntry("failures", 46);
  }

  @Test
  void anAuditLogThatFailsNeverFailsTheRequest() {
    FailedAuthentications broken =
        new FailedAuthentications(
            new ai.omnix.pipeline.core.audit.AuditLog() {
              @Override
              public AuditRecord record(AuditEvent event) {
                throw new IllegalStateException("database down");
              }
            },
            clock,
            Duration.ofMinutes(1),
            10);
    org.assertj.core.api.Assertions.assertThatCode(
            () -> {
              broken.failed("198.51.100.1", "missing", "/v1/jobs", null);
              broken.failed("198.51.100.1", "missing", "/v1/jobs", null);
              clock.advance(Duration.ofMinutes(2));
              broken.flush();
            })
        .doesNotThrowAnyException();
  }
}
