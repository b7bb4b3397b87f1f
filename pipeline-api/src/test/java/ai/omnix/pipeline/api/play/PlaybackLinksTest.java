package ai.omnix.pipeline.api.play;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.testkit.SettableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class PlaybackLinksTest {
  private static final TenantId ACME = new TenantId("acme");
  private static final String JOB = "6f1c2a4e-0000-4000-8000-000000000001";

  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T00:00:00Z"));
  private final PlaybackTokens tokens =
      new PlaybackTokens("a-key-of-enough-length".getBytes(StandardCharsets.UTF_8), clock);

  private static Map<String, Object> aJob(String status, Map<String, Object> summary) {
    return Map.of(
        "id",
        JOB,
        "status",
        status,
        "result",
        Map.of("output_asset_ids", List.of("ast_1"), "summary", summary));
  }

  private static MockHttpServletRequest aRequest() {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/jobs/" + JOB);
    request.setServerName("api.internal");
    request.setServerPort(8080);
    return request;
  }

  @Test
  @SuppressWarnings("unchecked")
  void aSucceededJobWithAPlaybackEntryGetsAUrlThatResolvesItsRelativePaths() {
    PlaybackLinks links =
        new PlaybackLinks(tokens, new PlaybackProperties(Duration.ofMinutes(10), null, null));
    Map<String, Object> job =
        links.decorateJob(
            ACME, aJob("succeeded", Map.of("playback_entry", "hls/master.m3u8")), aRequest());
    Map<String, Object> result = (Map<String, Object>) job.get("result");
    String url = (String) result.get("playback_url");
    assertThat(url).startsWith("http://api.internal:8080/play/").endsWith("/hls/master.m3u8");
    String token = url.substring("http://api.internal:8080/play/".length(), url.indexOf("/hls/"));
    assertThat(tokens.verify(token)).contains(new PlaybackTokens.Grant(ACME, UUID.fromString(JOB)));
    assertThat(result.get("playback_expires_at")).isEqualTo("2026-03-01T00:10:00Z");
    assertThat(result.get("output_asset_ids")).isEqualTo(List.of("ast_1"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void thePublicBaseUrlWinsOverTheRequestsHost() {
    PlaybackLinks links =
        new PlaybackLinks(tokens, new PlaybackProperties(null, null, "https://media.example.com/"));
    Map<String, Object> job =
        links.decorateJob(
            ACME, aJob("succeeded", Map.of("playback_entry", "hls/master.m3u8")), aRequest());
    assertThat((String) ((Map<String, Object>) job.get("result")).get("playback_url"))
        .startsWith("https://media.example.com/play/");
  }

  @Test
  void aJobWithNothingToPlayIsLeftAsItIs() {
    PlaybackLinks links = new PlaybackLinks(tokens, new PlaybackProperties(null, null, null));
    for (Map<String, Object> job :
        List.of(
            aJob("running", Map.of("playback_entry", "hls/master.m3u8")),
            aJob("succeeded", Map.of("master", "hls/master.m3u8")),
            aJob("succeeded", Map.of("playback_entry", "../etc/passwd")),
            Map.<String, Object>of("id", JOB, "status", "succeeded"))) {
      assertThat(links.decorateJob(ACME, job, aRequest())).isSameAs(job);
    }
  }
}
