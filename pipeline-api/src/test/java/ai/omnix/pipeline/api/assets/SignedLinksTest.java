package ai.omnix.pipeline.api.assets;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.testkit.SettableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignedLinksTest {
  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T00:00:00Z"));
  private final SignedLinks links =
      new SignedLinks("a-secret-of-enough-length".getBytes(StandardCharsets.UTF_8), clock);

  private static String token(SignedLinks.Link link) {
    return link.path().substring("/files/".length());
  }

  @Test
  void aLinkOpensItsAssetUntilItExpires() {
    SignedLinks.Link link = links.sign(new TenantId("acme"), "ast_1", Duration.ofMinutes(15));
    assertThat(links.verify(token(link)))
        .contains(new SignedLinks.Target(new TenantId("acme"), "ast_1"));
    clock.advance(Duration.ofMinutes(16));
    assertThat(links.verify(token(link))).isEmpty();
  }

  @Test
  void aForgedOrReSignedLinkIsRefused() {
    String token = token(links.sign(new TenantId("acme"), "ast_1", Duration.ofMinutes(15)));
    String payload =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("acme:ast_2:" + Instant.parse("2030-01-01T00:00:00Z").getEpochSecond())
                    .getBytes(StandardCharsets.UTF_8));
    assertThat(links.verify(payload + token.substring(token.indexOf('.')))).isEmpty();
    SignedLinks other =
        new SignedLinks("another-secret-entirely".getBytes(StandardCharsets.UTF_8), clock);
    assertThat(other.verify(token)).isEmpty();
    assertThat(links.verify("garbage")).isEmpty();
    assertThat(links.verify("a.b")).isEmpty();
  }
}
