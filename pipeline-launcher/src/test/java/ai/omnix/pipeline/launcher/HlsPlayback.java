package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.media.ffmpeg.FfmpegRunner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HLS job's path to a player, shared by the playback ITs of each storage backend: a generated
 * video, an {@code hls} job, its {@code playback_url}, and the bundled ffmpeg reading that URL as a
 * player would (master, then each rung's playlist, init section and segments by relative path).
 */
final class HlsPlayback {
  static final int SECONDS = 5;
  static final int FPS = 15;
  private static final Pattern VIDEO_STREAM =
      Pattern.compile("Stream #0:\\d+.*Video: h264.*?, (\\d+)x(\\d+)");

  private HlsPlayback() {}

  /** 640x480 at 15 fps with a tone: the ladder is then 480p and 360p. */
  static Path aVideo(Path dir) throws Exception {
    Path video = dir.resolve("clip.mp4");
    run(
        List.of(
            FfmpegRunner.bundledExecutable().toString(),
            "-hide_banner",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=640x480:rate=" + FPS,
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440",
            "-t",
            Integer.toString(SECONDS),
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-shortest",
            video.toString()),
        dir.resolve("make.out"),
        dir.resolve("make.err"));
    return video;
  }

  /** Uploads a video, runs an hls job on it and returns the finished job's JSON. */
  static Map<String, Object> anHlsJob(ApiClient tenant, Path dir) throws Exception {
    ApiClient.Response uploaded =
        AssetsIT.uploadRaw(tenant, "clip.mp4", Files.readAllBytes(aVideo(dir)));
    assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
    ApiClient.Response submitted =
        tenant.post(
            "/v1/jobs",
            Map.of(
                "type",
                "hls",
                "input",
                Map.of("asset_id", uploaded.json().get("id")),
                "params",
                Map.of("segment_s", 4)));
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
    String id = (String) submitted.json().get("id");
    return PipelineTestSupport.await(
        Duration.ofMinutes(4),
        () -> tenant.get("/v1/jobs/" + id).json(),
        job -> "succeeded".equals(job.get("status")) || "failed".equals(job.get("status")),
        "hls job " + id + " to finish");
  }

  @SuppressWarnings("unchecked")
  static String playbackUrl(Map<String, Object> job) {
    assertThat(job.get("status")).as(String.valueOf(job)).isEqualTo("succeeded");
    Map<String, Object> result = (Map<String, Object>) job.get("result");
    assertThat(result).containsKey("playback_expires_at");
    return (String) result.get("playback_url");
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> rungs(Map<String, Object> job) {
    Map<String, Object> summary =
        (Map<String, Object>) ((Map<String, Object>) job.get("result")).get("summary");
    return (List<Map<String, Object>>) summary.get("rungs");
  }

  /**
   * Plays the master playlist with the bundled ffmpeg, decoding every rung's video, and checks that
   * each rung (its size as ffmpeg sees it) yields all its frames.
   */
  static void playsEveryRung(String playbackUrl, List<Map<String, Object>> rungs, Path dir)
      throws Exception {
    Path out = dir.resolve("play.framecrc");
    Path err = dir.resolve("play.err");
    run(
        List.of(
            FfmpegRunner.bundledExecutable().toString(),
            "-hide_banner",
            "-nostdin",
            "-v",
            "info",
            "-i",
            playbackUrl,
            "-map",
            "0:v",
            "-f",
            "framecrc",
            "-"),
        out,
        err);
    String log = Files.readString(err);
    List<String> sizes = new ArrayList<>();
    Matcher m = VIDEO_STREAM.matcher(log);
    while (m.find()) {
      sizes.add(m.group(1) + "x" + m.group(2));
    }
    List<String> expected =
        rungs.stream().map(r -> r.get("width") + "x" + r.get("height")).toList();
    assertThat(sizes).as(log).containsExactlyInAnyOrderElementsOf(expected);

    Map<Integer, Integer> framesPerStream = new TreeMap<>();
    for (String line : Files.readAllLines(out)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        framesPerStream.merge(Integer.parseInt(line.split(",")[0].trim()), 1, Integer::sum);
      }
    }
    assertThat(framesPerStream).as(log).hasSize(rungs.size());
    assertThat(framesPerStream.values())
        .as("every rung decodes all its frames: %s", framesPerStream)
        .allSatisfy(frames -> assertThat(frames).isEqualTo(SECONDS * FPS));
  }

  static HttpResponse<byte[]> get(String url, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The playback URL with its entry replaced by {@code path}, as a player resolves it. */
  static String sibling(String playbackUrl, String path) {
    return URI.create(playbackUrl).resolve(path).toString();
  }

  /** The request target of a playback URL ({@code /play/<token>/<path>}). */
  static String target(String playbackUrl) {
    return URI.create(playbackUrl).getRawPath();
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private static void run(List<String> command, Path out, Path err) throws Exception {
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("ffmpeg did not finish: " + command);
    }
    assertThat(p.exitValue()).as(Files.readString(err)).isZero();
  }
}
