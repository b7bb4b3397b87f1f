package ai.omnix.pipeline.api.play;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.api.assets.SignedLinks;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.testkit.SettableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlaybackTokensTest {
  private static final byte[] SECRET = "a-secret-of-enough-length".getBytes(StandardCharsets.UTF_8);
  private static final TenantId ACME = new TenantId("acme");
  private static final UUID JOB = UUID.fromString("6f1c2a4e-0000-4000-8000-000000000001");

  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T00:00:00Z"));
  private final SignedLinks downloads = new SignedLinks(SECRET, clock);
  private final PlaybackTokens tokens = new PlaybackTokens(downloads.derivedKey("playback"), clock);

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aTokenGrantsItsTenantsJobUntilItExpires() {
    PlaybackTokens.Token token = tokens.issue(ACME, JOB, Duration.ofMinutes(30));
    assertThat(token.expiresAt()).isEqualTo(Instant.parse("2026-03-01T00:30:00Z"));
    assertThat(tokens.verify(token.value())).contains(new PlaybackTokens.Grant(ACME, JOB));
    clock.advance(Duration.ofMinutes(29));
    assertThat(tokens.verify(token.value())).isPresent();
    clock.advance(Duration.ofMinutes(1));
    assertThat(tokens.verify(token.value())).as("expired at its expiry").isEmpty();
  }

  @Test
  void aTokenRetargetedToAnotherTenantOrJobOrExpiryIsRefused() {
    String token = tokens.issue(ACME, JOB, Duration.ofMinutes(30)).value();
    String signature = token.substring(token.indexOf('.'));
    long later = Instant.parse("2030-01-01T00:00:00Z").getEpochSecond();
    long now = Instant.parse("2026-03-01T00:30:00Z").getEpochSecond();
    assertThat(tokens.verify(b64("p1:other:" + JOB + ":" + now) + signature)).isEmpty();
    assertThat(tokens.verify(b64("p1:acme:" + UUID.randomUUID() + ":" + now) + signature))
        .isEmpty();
    assertThat(tokens.verify(b64("p1:acme:" + JOB + ":" + later) + signature)).isEmpty();
  }

  @Test
  void aTokenSignedWithAnotherSecretIsRefused() {
    PlaybackTokens elsewhere =
        new PlaybackTokens(
            new SignedLinks("another-secret-of-length".getBytes(StandardCharsets.UTF_8), clock)
                .derivedKey("playback"),
            clock);
    assertThat(tokens.verify(elsewhere.issue(ACME, JOB, Duration.ofMinutes(30)).value())).isEmpty();
  }

  @Test
  void aDownloadLinkTokenIsNoPlaybackTokenAndTheOtherWayRound() {
    String download =
        downloads.sign(ACME, JOB.toString(), Duration.ofMinutes(30)).path().substring(7);
    assertThat(tokens.verify(download)).isEmpty();
    String playback = tokens.issue(ACME, JOB, Duration.ofMinutes(30)).value();
    assertThat(downloads.verify(playback)).isEmpty();
  }

  @Test
  void malformedTokensAreRefusedWithoutThrowing() {
    String valid = tokens.issue(ACME, JOB, Duration.ofMinutes(30)).value();
    for (String bad :
        new String[] {
          "",
          ".",
          "abc",
          ".abc",
          "abc.",
          valid + ".x",
          valid.replace('.', '%'),
          "%2e%2e." + valid.substring(valid.indexOf('.') + 1),
          "!!!.???",
          "x".repeat(600) + "." + "y",
          b64("p1:acme:not-a-uuid:1") + ".c2ln"
        }) {
      assertThat(tokens.verify(bad)).as(bad).isEmpty();
    }
    assertThat(tokens.verify(null)).isEmpty();
  }
}
