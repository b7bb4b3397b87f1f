package ai.omnix.pipeline.media.hls;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.media.Dimensions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HlsCommandTest {
  private static final Path IN = Path.of("/work/job-1/source");
  private static final Path OUT = Path.of("/work/job-1/hls");

  private static List<String> rungArgs(
      String stream, int kbps, String maxrate, String bufsize, String rung) {
    return List.of(
        "-map",
        stream,
        "-map",
        "0:a:0",
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-profile:v",
        "high",
        "-level:v",
        "4.2",
        "-b:v",
        kbps + "k",
        "-maxrate",
        maxrate,
        "-bufsize",
        bufsize,
        "-force_key_frames",
        "expr:gte(t,n_forced*6)",
        "-sc_threshold",
        "0",
        "-c:a",
        "aac",
        "-b:a",
        "128k",
        "-ac",
        "2",
        "-map_metadata",
        "-1",
        "-f",
        "hls",
        "-hls_time",
        "6",
        "-hls_playlist_type",
        "vod",
        "-hls_flags",
        "independent_segments",
        "-hls_segment_type",
        "fmp4",
        "-hls_fmp4_init_filename",
        "init.mp4",
        "-start_number",
        "1",
        "-hls_segment_filename",
        "/work/job-1/hls/" + rung + "/segment-%05d.m4s",
        "/work/job-1/hls/" + rung + "/index.m3u8");
  }

  @Test
  void a1080pSourceGetsTheFullLadderFromOneDecode() {
    HlsPlan plan = HlsPlan.of(Map.of(), new Dimensions(1920, 1080), 25.0, true, 30);
    assertThat(plan.rungs())
        .extracting(HlsPlan.Rung::name)
        .containsExactly("1080p", "720p", "480p", "360p");
    assertThat(plan.rungs())
        .extracting(HlsPlan.Rung::size)
        .containsExactly(
            new Dimensions(1920, 1080),
            new Dimensions(1280, 720),
            new Dimensions(854, 480),
            new Dimensions(640, 360));
    List<String> expected =
        new java.util.ArrayList<>(
            List.of(
                "-hide_banner",
                "-nostdin",
                "-y",
                "-v",
                "error",
                "-nostats",
                "-progress",
                "pipe:1",
                "-protocol_whitelist",
                "file",
                "-max_pixels",
                "67108864",
                "-i",
                "/work/job-1/source",
                "-filter_complex",
                "[0:v:0]split=4[s0][s1][s2][s3];[s0]scale=1920:1080:flags=bicubic,format=yuv420p[v0];"
                    + "[s1]scale=1280:720:flags=bicubic,format=yuv420p[v1];[s2]scale=854:480:flags=bicubic,format=yuv420p[v2];"
                    + "[s3]scale=640:360:flags=bicubic,format=yuv420p[v3]"));
    expected.addAll(rungArgs("[v0]", 5000, "7500k", "10000k", "1080p"));
    expected.addAll(rungArgs("[v1]", 2800, "4200k", "5600k", "720p"));
    expected.addAll(rungArgs("[v2]", 1400, "2100k", "2800k", "480p"));
    expected.addAll(rungArgs("[v3]", 800, "1200k", "1600k", "360p"));
    assertThat(HlsCommand.arguments(plan, IN, 67_108_864, OUT)).isEqualTo(expected);
    assertThat(plan.codecs()).isEqualTo("avc1.64002a,mp4a.40.2");
  }

  @Test
  void noRungIsTallerThanTheSourceOrTheRequestedMaximum() {
    assertThat(HlsPlan.of(Map.of(), new Dimensions(1280, 720), 25.0, true, 30).rungs())
        .extracting(HlsPlan.Rung::name)
        .containsExactly("720p", "480p", "360p");
    assertThat(
            HlsPlan.of(Map.of("max_height", 480), new Dimensions(1920, 1080), 25.0, true, 30)
                .rungs())
        .extracting(HlsPlan.Rung::name)
        .containsExactly("480p", "360p");
    assertThat(HlsPlan.of(Map.of(), new Dimensions(1000, 700), 25.0, true, 30).rungs())
        .extracting(HlsPlan.Rung::name)
        .containsExactly("480p", "360p");
    assertThat(
            HlsPlan.of(Map.of(), new Dimensions(1080, 1920), 25.0, true, 30).rungs().get(0).size())
        .as("a portrait source's height is its displayed height")
        .isEqualTo(new Dimensions(608, 1080));
  }

  @Test
  void aSourceBelow360pGetsOneRungAtItsOwnHeight() {
    HlsPlan plan = HlsPlan.of(Map.of(), new Dimensions(321, 241), 25.0, false, 30);
    assertThat(plan.rungs())
        .containsExactly(new HlsPlan.Rung("240p", new Dimensions(320, 240), 356));
    assertThat(plan.codecs()).isEqualTo("avc1.64002a");
    assertThat(HlsCommand.arguments(plan, IN, 1000, OUT))
        .contains("-an")
        .doesNotContain("0:a:0", "aac");
  }

  @Test
  void aFrameRateAbove60IsCappedAndTheSegmentLengthIsAParameter() {
    HlsPlan plan = HlsPlan.of(Map.of("segment_s", 4), new Dimensions(640, 360), 120.0, true, 30);
    List<String> args = HlsCommand.arguments(plan, IN, 1000, OUT);
    assertThat(args)
        .contains(
            "[0:v:0]fps=60,split=1[s0];[s0]scale=640:360:flags=bicubic,format=yuv420p[v0]",
            "expr:gte(t,n_forced*4)");
    assertThat(args.get(args.indexOf("-hls_time") + 1)).isEqualTo("4");
  }
}
