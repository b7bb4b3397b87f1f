package ai.omnix.pipeline.media.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.media.Dimensions;
import ai.omnix.pipeline.media.thumbnail.ThumbnailCommand.Rendition;
import ai.omnix.pipeline.media.thumbnail.ThumbnailRequest.Format;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThumbnailCommandTest {
  private static final Path IN = Path.of("/work/job-1/source");
  private static final Path POSTER = Path.of("/work/job-1/poster.jpg");
  private static final List<String> HEAD =
      List.of(
          "-hide_banner",
          "-nostdin",
          "-y",
          "-v",
          "error",
          "-nostats",
          "-protocol_whitelist",
          "file",
          "-max_pixels",
          "1000000");
  private static final List<String> JPEG_TAIL =
      List.of(
          "-frames:v",
          "1",
          "-an",
          "-c:v",
          "mjpeg",
          "-q:v",
          "3",
          "-pix_fmt",
          "yuvj420p",
          "-map_metadata",
          "-1",
          "-f",
          "image2");

  private static List<String> concat(List<String> head, Object... rest) {
    var all = new java.util.ArrayList<>(head);
    for (Object o : rest) {
      if (o instanceof List<?> l) {
        l.forEach(x -> all.add((String) x));
      } else {
        all.add((String) o);
      }
    }
    return all;
  }

  @Test
  void aPosterAtAChosenTimeSeeksTheInputAndScalesToTheFittedSize() {
    Dimensions size = new Dimensions(1920, 1080).fitWithin(640, 640);
    assertThat(ThumbnailCommand.poster(IN, 12.5, size, 1_000_000, POSTER))
        .isEqualTo(
            concat(
                HEAD,
                "-ss",
                "12.5",
                "-i",
                "/work/job-1/source",
                "-map",
                "0:v:0",
                "-vf",
                "scale=640:360:flags=lanczos",
                JPEG_TAIL,
                "/work/job-1/poster.jpg"));
  }

  @Test
  void theSmartPosterReadsABoundedWindowDropsBlackFramesAndPicksTheMostRepresentative() {
    assertThat(ThumbnailCommand.smartPoster(IN, 10, new Dimensions(1280, 720), 1_000_000, POSTER))
        .isEqualTo(
            concat(
                HEAD,
                "-t",
                "10",
                "-i",
                "/work/job-1/source",
                "-map",
                "0:v:0",
                "-vf",
                "signalstats,metadata=mode=select:key=lavfi.signalstats.YAVG:value=32:function=greater,"
                    + "thumbnail=100,scale=1280:720:flags=lanczos",
                JPEG_TAIL,
                "/work/job-1/poster.jpg"));
  }

  @Test
  void imageThumbnailsDecodeOnceAndSplitIntoOneOutputPerSizeAndFormat() {
    List<Rendition> renditions =
        List.of(
            new Rendition(
                "thumb-160.jpg", Format.JPEG, new Dimensions(160, 90), Path.of("/w/thumb-160.jpg")),
            new Rendition(
                "thumb-160.webp",
                Format.WEBP,
                new Dimensions(160, 90),
                Path.of("/w/thumb-160.webp")),
            new Rendition(
                "thumb-320.jpg",
                Format.JPEG,
                new Dimensions(320, 180),
                Path.of("/w/thumb-320.jpg")));
    assertThat(ThumbnailCommand.images(IN, renditions, 1_000_000))
        .isEqualTo(
            concat(
                HEAD,
                "-i",
                "/work/job-1/source",
                "-filter_complex",
                "[0:v:0]split=3[s0][s1][s2];[s0]scale=160:90:flags=lanczos[o0];[s1]scale=160:90:flags=lanczos[o1];"
                    + "[s2]scale=320:180:flags=lanczos[o2]",
                "-map",
                "[o0]",
                JPEG_TAIL,
                "/w/thumb-160.jpg",
                "-map",
                "[o1]",
                "-frames:v",
                "1",
                "-an",
                "-c:v",
                "libwebp",
                "-quality",
                "80",
                "-map_metadata",
                "-1",
                "-f",
                "webp",
                "/w/thumb-160.webp",
                "-map",
                "[o2]",
                JPEG_TAIL,
                "/w/thumb-320.jpg"));
  }

  @Test
  void fittingKeepsTheAspectRatioAndNeverUpscales() {
    assertThat(new Dimensions(1920, 1080).fitWithin(1280, 720))
        .isEqualTo(new Dimensions(1280, 720));
    assertThat(new Dimensions(1080, 1920).fitWithin(1280, 720)).isEqualTo(new Dimensions(405, 720));
    assertThat(new Dimensions(640, 360).fitWithin(1280, 720)).isEqualTo(new Dimensions(640, 360));
    assertThat(new Dimensions(3000, 2).fitWithin(160, 4096)).isEqualTo(new Dimensions(160, 1));
    assertThat(new Dimensions(640, 360).atEvenHeight(240)).isEqualTo(new Dimensions(426, 240));
  }
}
