package ai.omnix.pipeline.media.storyboard;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.media.Dimensions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoryboardCommandTest {
  private static final Path IN = Path.of("/work/job-1/source");
  private static final Path TILES = Path.of("/work/job-1/tiles");

  @Test
  void aLongVideoGetsAtMostTheMaximumTilesAtAnIntervalOfAtLeastASecond() {
    StoryboardPlan plan = StoryboardPlan.of(Map.of(), 3600, new Dimensions(1920, 1080));
    assertThat(plan.intervalMillis()).isEqualTo(36_000);
    assertThat(plan.maxTiles()).isEqualTo(100);
    assertThat(plan.tile()).isEqualTo(new Dimensions(160, 90));
    assertThat(plan.columnsFor(100)).isEqualTo(10);
    assertThat(plan.rowsFor(100)).isEqualTo(10);

    StoryboardPlan shortOne =
        StoryboardPlan.of(Map.of("columns", 4), 6.5, new Dimensions(640, 360));
    assertThat(shortOne.intervalMillis()).isEqualTo(1000);
    assertThat(shortOne.maxTiles()).isEqualTo(7);
    assertThat(shortOne.columnsFor(7)).isEqualTo(4);
    assertThat(shortOne.rowsFor(7)).isEqualTo(2);
    assertThat(StoryboardPlan.of(Map.of("columns", 20), 3, new Dimensions(640, 360)).columnsFor(3))
        .isEqualTo(3);
  }

  @Test
  void anAbsurdlyTallSourceIsBoundedToASpriteViewersCanLoad() {
    StoryboardPlan plan =
        StoryboardPlan.of(
            Map.of("columns", 1, "max_tiles", 200, "tile_width", 320),
            600,
            new Dimensions(2, 16_000));
    assertThat(plan.tile()).isEqualTo(new Dimensions(320, 640));
    assertThat(plan.maxTiles()).isEqualTo(25);
    assertThat(plan.maxTiles() * plan.tile().height())
        .isLessThanOrEqualTo(StoryboardPlan.MAX_SPRITE_SIDE);
    assertThat(plan.intervalMillis() * plan.maxTiles()).isGreaterThanOrEqualTo(600_000);
  }

  @Test
  void tilesAreOneScaledJpegPerIntervalAndTheSpriteLaysThemOut() {
    StoryboardPlan plan = StoryboardPlan.of(Map.of("max_tiles", 5), 12, new Dimensions(640, 360));
    assertThat(StoryboardCommand.tiles(plan, IN, 1_000_000, TILES))
        .containsExactly(
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
            "1000000",
            "-i",
            "/work/job-1/source",
            "-map",
            "0:v:0",
            "-an",
            "-vf",
            "fps=1000/2400,scale=160:90:flags=bicubic",
            "-frames:v",
            "5",
            "-c:v",
            "mjpeg",
            "-q:v",
            "4",
            "-pix_fmt",
            "yuvj420p",
            "-f",
            "image2",
            "-start_number",
            "0",
            "/work/job-1/tiles/tile-%04d.jpg");
    assertThat(StoryboardCommand.sprite(TILES, 5, 1, Path.of("/work/job-1/sprite.jpg")))
        .containsExactly(
            "-hide_banner",
            "-nostdin",
            "-y",
            "-v",
            "error",
            "-nostats",
            "-protocol_whitelist",
            "file",
            "-f",
            "image2",
            "-framerate",
            "1",
            "-start_number",
            "0",
            "-i",
            "/work/job-1/tiles/tile-%04d.jpg",
            "-vf",
            "tile=5x1",
            "-frames:v",
            "1",
            "-c:v",
            "mjpeg",
            "-q:v",
            "4",
            "-pix_fmt",
            "yuvj420p",
            "-map_metadata",
            "-1",
            "-f",
            "image2",
            "/work/job-1/sprite.jpg");
  }

  @Test
  void theVttMapsContiguousRangesToTilesAndTheLastRunsToTheEnd() {
    StoryboardPlan plan = StoryboardPlan.of(Map.of("columns", 2), 2.5, new Dimensions(640, 360));
    assertThat(StoryboardVtt.render(plan, 3, "sprite.jpg"))
        .isEqualTo(
            """
        WEBVTT

        00:00:00.000 --> 00:00:01.000
        sprite.jpg#xywh=0,0,160,90

        00:00:01.000 --> 00:00:02.000
        sprite.jpg#xywh=160,0,160,90

        00:00:02.000 --> 00:00:02.500
        sprite.jpg#xywh=0,90,160,90
        """);
    assertThat(StoryboardVtt.timestamp(3_723_004)).isEqualTo("01:02:03.004");
    assertThat(List.of(StoryboardVtt.render(plan, 2, "s.jpg").split("\n")))
        .contains("00:00:01.000 --> 00:00:02.500");
  }
}
