package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.media.ffmpeg.FfmpegRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A video's whole path through the product: upload, probe and transcode jobs, rendition in lineage,
 * download.
 */
class MediaJobsIT extends PipelineTestSupport {

  @TempDir Path dir;

  private Path aVideo() throws Exception {
    Path video = dir.resolve("clip.mp4");
    Process p =
        new ProcessBuilder(
                FfmpegRunner.bundledExecutable().toString(),
                "-hide_banner",
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=25",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440",
                "-t",
                "2",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-shortest",
                video.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return video;
  }

  @Test
  @SuppressWarnings("unchecked")
  void anUploadedVideoIsProbedAndTranscodedIntoADownloadableRenditionInItsLineage()
      throws Exception {
    ApiClient tenant = aTenant("pro");
    byte[] video = Files.readAllBytes(aVideo());
    ApiClient.Response uploaded = AssetsIT.uploadRaw(tenant, "clip.mp4", video);
    assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
    String assetId = (String) uploaded.json().get("id");
    assertThat((String) uploaded.json().get("content_type")).startsWith("video/");

    String probe =
        (String)
            tenant
                .post("/v1/jobs", Map.of("type", "probe", "input", Map.of("asset_id", assetId)))
                .json()
                .get("id");
    Map<String, Object> probed = awaitStatus(tenant, probe, "succeeded");
    assertThat(probed.get("result")).asString().contains("h264", "640", "360");
    assertThat(tenant.get("/v1/assets/" + assetId).json().get("metadata"))
        .asString()
        .as("the probe's facts are on the asset")
        .contains("media=", "h264");

    String transcode =
        (String)
            tenant
                .post(
                    "/v1/jobs",
                    Map.of(
                        "type",
                        "transcode",
                        "input",
                        Map.of("asset_id", assetId),
                        "params",
                        Map.of("preset", "mobile-480p")))
                .json()
                .get("id");
    Map<String, Object> done = awaitStatus(tenant, transcode, "succeeded");
    List<String> outputs =
        (List<String>) ((Map<String, Object>) done.get("result")).get("output_asset_ids");
    assertThat(outputs).isNotEmpty();

    List<Map<String, Object>> lineage =
        (List<Map<String, Object>>)
            tenant.get("/v1/assets/" + assetId + "/derivatives").json().get("data");
    assertThat(lineage).extracting(a -> a.get("id")).containsAll(outputs);
    assertThat(lineage)
        .anySatisfy(a -> assertThat(a).containsEntry("derived_by_job_id", transcode));

    String rendition = outputs.get(0);
    byte[] bytes = tenant.download(rendition);
    assertThat(bytes.length).isGreaterThan(1000);
    assertThat(new String(bytes, 4, 4, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("ftyp");
  }

  @Test
  void aVideoJobOnSomethingThatIsNotMediaFailsWithAStableCodeAndIsNotRetried() {
    ApiClient tenant = aTenant("pro");
    String pdf = (String) AssetsIT.uploadRaw(tenant, "fake.pdf", AssetsIT.aPdf()).json().get("id");
    String job =
        (String)
            tenant
                .post(
                    "/v1/jobs",
                    Map.of(
                        "type",
                        "transcode",
                        "input",
                        Map.of("asset_id", pdf),
                        "params",
                        Map.of("preset", "web-720p")))
                .json()
                .get("id");
    Map<String, Object> failed = awaitStatus(tenant, job, "failed");
    assertThat(failed).containsEntry("attempts", 1);
    assertThat(failed.get("error"))
        .asString()
        .contains("code=unsupported_media", "retryable=false");
  }

  @Test
  @SuppressWarnings("unchecked")
  void oneSubmitYieldsARenditionItsProbeAPosterAndAStoryboardAllInLineage() throws Exception {
    ApiClient tenant = aTenant("pro");
    String assetId =
        (String)
            AssetsIT.uploadRaw(tenant, "clip.mp4", Files.readAllBytes(aVideo())).json().get("id");
    ApiClient.Response submitted =
        tenant.post(
            "/v1/jobs",
            Map.of(
                "type",
                "transcode",
                "input",
                Map.of("asset_id", assetId),
                "params",
                Map.of("preset", "mobile-480p", "container", "webm"),
                "follow_ups",
                List.of(
                    Map.of("type", "probe", "input", "output"),
                    Map.of(
                        "type",
                        "thumbnail",
                        "input",
                        "output",
                        "params",
                        Map.of("width", 320, "height", 180)),
                    Map.of("type", "storyboard", "input", "source"))));
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
    String parent = (String) submitted.json().get("id");
    Map<String, Object> done = awaitStatus(tenant, parent, "succeeded");
    String rendition =
        ((List<String>) ((Map<String, Object>) done.get("result")).get("output_asset_ids")).get(0);

    List<Map<String, Object>> children =
        (List<Map<String, Object>>)
            tenant.get("/v1/jobs?parent_job_id=" + parent).json().get("data");
    assertThat(children)
        .extracting(c -> c.get("type"))
        .containsExactlyInAnyOrder("probe", "thumbnail", "storyboard");
    assertThat(children)
        .allSatisfy(child -> assertThat(child).containsEntry("parent_job_id", parent));
    Map<String, Object> probe =
        children.stream().filter(c -> c.get("type").equals("probe")).findFirst().orElseThrow();
    Map<String, Object> storyboard =
        children.stream().filter(c -> c.get("type").equals("storyboard")).findFirst().orElseThrow();
    assertThat(probe.get("input")).isEqualTo(Map.of("asset_id", rendition));
    assertThat(storyboard.get("input")).isEqualTo(Map.of("asset_id", assetId));
    Map<String, Object> probed = awaitStatus(tenant, (String) probe.get("id"), "succeeded");
    assertThat(probed.get("result")).asString().contains("vp9", "480");
    for (Map<String, Object> child : children) {
      awaitStatus(tenant, (String) child.get("id"), "succeeded");
    }
    List<Map<String, Object>> lineage =
        (List<Map<String, Object>>)
            tenant.get("/v1/assets/" + assetId + "/derivatives").json().get("data");
    assertThat(lineage)
        .extracting(a -> a.get("filename"))
        .contains("rendition.webm", "probe.json", "poster.jpg", "sprite.jpg", "storyboard.vtt");
  }
}
