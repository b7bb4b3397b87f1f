package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HLS output plays from its {@code playback_url} on the default (local disk) storage: the
 * bundled ffmpeg reads the master playlist and every rung through relative paths, ranges work, and
 * nothing outside the job's output set is reachable through the link.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HlsPlaybackIT extends PipelineTestSupport {
  @TempDir static Path dir;

  private Map<String, Object> job;
  private String playbackUrl;

  @BeforeAll
  void anHlsJobHasFinished() throws Exception {
    job = HlsPlayback.anHlsJob(aTenant("pro"), dir);
    playbackUrl = HlsPlayback.playbackUrl(job);
  }

  @Test
  void theBundledFfmpegPlaysEveryRungFromThePlaybackUrl() throws Exception {
    assertThat(playbackUrl)
        .startsWith("http://127.0.0.1:" + port + "/play/")
        .endsWith("/hls/master.m3u8");
    List<Map<String, Object>> rungs = HlsPlayback.rungs(job);
    assertThat(rungs).extracting(r -> r.get("name")).containsExactly("480p", "360p");
    HlsPlayback.playsEveryRung(playbackUrl, rungs, dir);
  }

  @Test
  void playlistsAndSegmentsAreServedWithPlayerTypesAndRanges() throws Exception {
    HttpResponse<byte[]> master = HlsPlayback.get(playbackUrl);
    assertThat(master.statusCode()).isEqualTo(200);
    assertThat(master.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/vnd.apple.mpegurl"));
    assertThat(HlsPlayback.text(master)).startsWith("#EXTM3U").contains("480p/index.m3u8");
    assertThat(master.headers().firstValue("Content-Disposition")).isEmpty();

    String init = HlsPlayback.sibling(playbackUrl, "480p/init.mp4");
    HttpResponse<byte[]> whole = HlsPlayback.get(init);
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.headers().firstValue("Content-Type")).contains("video/mp4");
    HttpResponse<byte[]> part = HlsPlayback.get(init, "Range", "bytes=4-7");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.headers().firstValue("Content-Range"))
        .contains("bytes 4-7/" + whole.body().length);
    assertThat(new String(part.body(), java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("ftyp");
    assertThat(HlsPlayback.get(init, "Range", "bytes=999999999-").statusCode()).isEqualTo(416);

    String firstSegment =
        HlsPlayback.text(HlsPlayback.get(HlsPlayback.sibling(playbackUrl, "360p/index.m3u8")))
            .lines()
            .filter(line -> line.endsWith(".m4s"))
            .findFirst()
            .orElseThrow();
    HttpResponse<byte[]> segment =
        HlsPlayback.get(HlsPlayback.sibling(playbackUrl, "360p/" + firstSegment));
    assertThat(segment.statusCode()).isEqualTo(200);
    assertThat(segment.headers().firstValue("Content-Type")).contains("video/mp4");
  }

  @Test
  void aForgedTokenOrAPathOutsideTheOutputSetFindsNothing() throws Exception {
    String target = HlsPlayback.target(playbackUrl);
    String token = target.substring("/play/".length(), target.indexOf("/hls/"));
    String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
    // 404 from the playback handler; 401 where the spelling is not a public path at all (dot or
    // empty segments, decoded or not: authentication fails closed); 400 where Tomcat refuses an
    // encoded slash before anything runs
    Map<String, Integer> refused = new java.util.LinkedHashMap<>();
    refused.put("/play/" + tampered + "/hls/master.m3u8", 404);
    refused.put("/play/not.a-token/hls/master.m3u8", 404);
    refused.put("/play/" + token + "/hls/9999p/index.m3u8", 404);
    refused.put("/play/" + token + "/clip.mp4", 404);
    refused.put("/play/" + token + "/hls/master.m3u8;x=1", 404);
    refused.put("/play/" + token + "/hls/%252e%252e/hls/master.m3u8", 404);
    refused.put("/play/" + token + "/hls/master.m3u8/", 404);
    refused.put("/play/" + token + "/hls/%6Daster.m3u8", 404);
    refused.put("/play/" + token + "/hls/%2e%2e/hls/master.m3u8", 401);
    refused.put("/play/" + token + "/hls/../hls/master.m3u8", 401);
    refused.put("/play/" + token + "/hls/./master.m3u8", 401);
    refused.put("/play/" + token + "//hls/master.m3u8", 401);
    refused.put("/play/" + token + "/hls%2Fmaster.m3u8", 400);
    refused.put("/play/" + token + "/hls/..%2Fhls/master.m3u8", 400);
    refused.put("/play/" + token + "/%2Fetc/passwd", 400);
    refused.forEach(
        (path, status) -> {
          RawHttp.Response r = RawHttp.send(port, "GET", path, null);
          assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(status);
          assertThat(r.body()).as(path).doesNotContain("#EXTM3U");
          if (status == 404) {
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.body()).contains("\"code\":\"not_found\"");
          }
        });
    assertThat(RawHttp.send(port, "GET", target, null).status())
        .as("the same request in the output's own spelling plays")
        .isEqualTo(200);
  }
}
