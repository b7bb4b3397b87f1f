package ai.omnix.pipeline.media.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.media.Dimensions;
import java.util.List;
import org.junit.jupiter.api.Test;

class HlsPlaylistsTest {
  private static final String FFMPEG_VOD =
      """
      #EXTM3U
      #EXT-X-VERSION:7
      #EXT-X-TARGETDURATION:6
      #EXT-X-MEDIA-SEQUENCE:1
      #EXT-X-PLAYLIST-TYPE:VOD
      #EXT-X-INDEPENDENT-SEGMENTS
      #EXT-X-MAP:URI="init.mp4"
      #EXTINF:6.000000,
      segment-00001.m4s
      #EXTINF:2.000000,
      segment-00002.m4s
      #EXT-X-ENDLIST
      """;

  @Test
  void readsTheSegmentsOfAVodPlaylistAsFfmpegWritesIt() {
    HlsPlaylists.MediaPlaylist p = HlsPlaylists.parseMedia(FFMPEG_VOD);
    assertThat(p.targetDurationSeconds()).isEqualTo(6);
    assertThat(p.complete()).isTrue();
    assertThat(p.initUri()).isEqualTo("init.mp4");
    assertThat(p.segments())
        .containsExactly(
            new HlsPlaylists.Segment("segment-00001.m4s", 6.0),
            new HlsPlaylists.Segment("segment-00002.m4s", 2.0));
    assertThat(p.totalSeconds()).isEqualTo(8.0);
    assertThat(HlsPlaylists.parseMedia(FFMPEG_VOD.replace("#EXT-X-ENDLIST\n", "")).complete())
        .isFalse();
  }

  @Test
  void refusesAnythingButOurOwnSegmentNames() {
    assertThatThrownBy(
            () ->
                HlsPlaylists.parseMedia(
                    FFMPEG_VOD.replace("segment-00002.m4s", "../../etc/passwd")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HlsPlaylists.parseMedia(FFMPEG_VOD.replace("init.mp4", "/etc/passwd")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HlsPlaylists.parseMedia("not a playlist"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theMasterListsEveryRungWithBandwidthResolutionFrameRateAndCodecs() {
    assertThat(
            HlsPlaylists.master(
                List.of(
                    new HlsPlaylists.Variant(
                        "720p/index.m3u8",
                        3_100_000,
                        2_900_000,
                        new Dimensions(1280, 720),
                        25.0,
                        "avc1.64002a,mp4a.40.2"),
                    new HlsPlaylists.Variant(
                        "360p/index.m3u8",
                        900_000,
                        850_000,
                        new Dimensions(640, 360),
                        null,
                        "avc1.64002a"))))
        .isEqualTo(
            """
        #EXTM3U
        #EXT-X-VERSION:7
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXT-X-STREAM-INF:BANDWIDTH=3100000,AVERAGE-BANDWIDTH=2900000,RESOLUTION=1280x720,FRAME-RATE=25.000,\
        CODECS="avc1.64002a,mp4a.40.2"
        720p/index.m3u8
        #EXT-X-STREAM-INF:BANDWIDTH=900000,AVERAGE-BANDWIDTH=850000,RESOLUTION=640x360,CODECS="avc1.64002a"
        360p/index.m3u8
        """);
  }
}
