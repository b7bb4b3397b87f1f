package ai.omnix.pipeline.media.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobCanceledException;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.media.MediaInfo;
import ai.omnix.pipeline.media.MediaLimits;
import ai.omnix.pipeline.media.MediaProber;
import ai.omnix.pipeline.media.MediaToolkit;
import ai.omnix.pipeline.media.ffmpeg.FfmpegRunner;
import ai.omnix.pipeline.media.testing.HostileFiles;
import ai.omnix.pipeline.media.testing.TestMedia;
import ai.omnix.pipeline.testkit.jobs.TempDirJobAssets;
import ai.omnix.pipeline.testkit.jobs.TempDirJobExecution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HLS job on the real bundled ffmpeg: playlists are parsed, segments probed, codecs checked in
 * the stream.
 */
class HlsJobIT {
  private static final Pattern STREAM_INF =
      Pattern.compile(
          "#EXT-X-STREAM-INF:BANDWIDTH=(\\d+),AVERAGE-BANDWIDTH=(\\d+),RESOLUTION=(\\d+)x(\\d+),FRAME-RATE=([\\d.]+),"
              + "CODECS=\"([^\"]+)\"\\n([^#\\n]+)\\n");

  @TempDir static Path sources;
  static Path video;
  static double sourceDuration;

  @TempDir Path dir;

  private final FfmpegRunner runner = FfmpegRunner.bundled(1);
  private final MediaProber prober = new MediaProber(runner, MediaLimits.defaults());

  record Variant(long bandwidth, long average, int width, int height, String codecs, String uri) {}

  @BeforeAll
  static void generateSources() throws Exception {
    video = TestMedia.video(sources.resolve("testsrc.mp4"), 854, 480, 8);
    sourceDuration =
        new MediaProber(FfmpegRunner.bundled(1), MediaLimits.defaults())
            .probe(video, h -> {})
            .durationSeconds();
  }

  private HlsJobHandler handler() {
    return new HlsJobHandler(
        new MediaToolkit(runner, prober, MediaLimits.defaults(), dir.resolve("work")));
  }

  private TempDirJobExecution anHlsJob(Path file, Map<String, Object> params) {
    TempDirJobAssets assets = new TempDirJobAssets(dir);
    return new TempDirJobExecution("hls", assets.addInput(file), params, assets);
  }

  @AfterEach
  void noWorkspaceNorProcessIsLeft() throws Exception {
    HostileFiles.assertNothingLeft(dir.resolve("work"));
    assertThat(runner.availableHeavySlots()).isEqualTo(1);
  }

  @Test
  void a480pSourceGets480pAnd360pRungsWhosePlaylistsReferenceStoredSegmentsCoveringTheDuration()
      throws Exception {
    TempDirJobExecution job = anHlsJob(video, Map.of());

    JobResult result = handler().handle(job);

    Map<String, TempDirJobAssets.Written> outputs = ((TempDirJobAssets) job.assets()).outputs();
    var master = outputs.get("hls/master.m3u8");
    assertThat(master.asset().contentType()).isEqualTo("application/vnd.apple.mpegurl");
    assertThat(result.summary()).containsEntry("master_asset_id", master.asset().id());
    assertThat(result.summary())
        .as("the API links a playback URL at this entry; it must be one of the outputs")
        .containsEntry("playback_entry", "hls/master.m3u8");
    assertThat(result.outputAssetIds())
        .hasSize(outputs.size())
        .first()
        .isEqualTo(master.asset().id());
    List<Variant> variants = parseMaster(Files.readString(master.file()));
    assertThat(variants).extracting(Variant::height).containsExactly(480, 360);
    assertThat(variants).extracting(Variant::width).containsExactly(854, 640);
    for (Variant v : variants) {
      assertThat(v.height()).as("no rung above the source").isLessThanOrEqualTo(480);
      assertThat(v.codecs()).isEqualTo("avc1.64002a,mp4a.40.2");
      assertThat(v.bandwidth()).isGreaterThanOrEqualTo(v.average()).isGreaterThan(100_000);
      String rung = v.uri().substring(0, v.uri().indexOf('/'));
      var playlistOutput = outputs.get("hls/" + v.uri());
      assertThat(playlistOutput).as("media playlist %s is stored", v.uri()).isNotNull();
      HlsPlaylists.MediaPlaylist playlist =
          HlsPlaylists.parseMedia(Files.readString(playlistOutput.file()));
      assertThat(playlist.complete()).isTrue();
      assertThat(playlist.totalSeconds()).isCloseTo(sourceDuration, within(0.3));
      for (HlsPlaylists.Segment s : playlist.segments()) {
        assertThat(outputs)
            .as("segment %s is stored", s.uri())
            .containsKey("hls/" + rung + "/" + s.uri());
        assertThat(s.durationSeconds()).isLessThanOrEqualTo(playlist.targetDurationSeconds() + 0.5);
        assertThat(outputs.get("hls/" + rung + "/" + s.uri()).asset().contentType())
            .isEqualTo("video/iso.segment");
      }
      assertThat(playlist.segments().get(0).durationSeconds()).isCloseTo(6.0, within(0.1));
      var init = outputs.get("hls/" + rung + "/" + playlist.initUri());
      assertThat(init.asset().contentType()).isEqualTo("video/mp4");
      // A fragmented-MP4 segment plays after its init section: probe the two joined, as a player
      // reads them.
      Path joined = dir.resolve(rung + "-first.mp4");
      Files.write(joined, Files.readAllBytes(init.file()));
      Files.write(
          joined,
          Files.readAllBytes(
              outputs.get("hls/" + rung + "/" + playlist.segments().get(0).uri()).file()),
          java.nio.file.StandardOpenOption.APPEND);
      MediaInfo probed = prober.probe(joined, h -> {});
      assertThat(probed.firstVideo().orElseThrow().codec()).isEqualTo("h264");
      assertThat(probed.firstVideo().orElseThrow().width()).isEqualTo(v.width());
      assertThat(probed.firstVideo().orElseThrow().height()).isEqualTo(v.height());
      assertThat(probed.firstAudio().orElseThrow().codec()).isEqualTo("aac");
      assertThat("avc1." + avcProfileAndLevel(init.file()))
          .as("CODECS matches the stream's avcC")
          .isEqualTo(v.codecs().split(",")[0]);
      // ffmpeg's own HLS demuxer plays the stored rendition end to end.
      MediaInfo rendition = prober.probe(playlistOutput.file(), h -> {});
      assertThat(rendition.formatNames()).isEqualTo("hls");
      assertThat(rendition.durationSeconds()).isCloseTo(sourceDuration, within(0.3));
    }
    long stored = outputs.keySet().stream().filter(n -> n.endsWith(".m4s")).count();
    assertThat(stored).isEqualTo(4);
    assertThat(job.progress()).endsWith(100).anyMatch(p -> p > 1 && p < 100);
  }

  @Test
  void theMaximumHeightLeavesOutTallerRungs() throws Exception {
    TempDirJobExecution job = anHlsJob(video, Map.of("max_height", 360, "segment_s", 4));

    JobResult result = handler().handle(job);

    Map<String, TempDirJobAssets.Written> outputs = ((TempDirJobAssets) job.assets()).outputs();
    assertThat(parseMaster(Files.readString(outputs.get("hls/master.m3u8").file())))
        .extracting(Variant::height)
        .containsExactly(360);
    assertThat(outputs.keySet()).noneMatch(n -> n.startsWith("hls/480p/"));
    HlsPlaylists.MediaPlaylist playlist =
        HlsPlaylists.parseMedia(Files.readString(outputs.get("hls/360p/index.m3u8").file()));
    assertThat(playlist.segments())
        .extracting(HlsPlaylists.Segment::durationSeconds)
        .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(4.1));
    assertThat(result.summary()).containsEntry("segment_s", 4);
  }

  @Test
  void cancelMidEncodeKillsFfmpegAndStoresNothing() throws Exception {
    Path longer = TestMedia.video(dir.resolve("longer.mp4"), 640, 360, 40);
    TempDirJobExecution job = anHlsJob(longer, Map.of());
    var run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return handler().handle(job);
              } catch (Exception e) {
                throw new CompletionException(e);
              }
            });
    HostileFiles.await(() -> job.progress().stream().anyMatch(p -> p > 1), Duration.ofSeconds(30));
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isNotEmpty();

    job.cancel();

    Throwable thrown =
        catchThrowableOfType(ExecutionException.class, () -> run.get(10, TimeUnit.SECONDS));
    assertThat(thrown).hasCauseInstanceOf(JobCanceledException.class);
    assertThat(((TempDirJobAssets) job.assets()).outputs()).isEmpty();
  }

  @Test
  void hostileInputsFailWithStableCodesQuickly() throws Exception {
    assertFails(HostileFiles.zeroBytes(dir), "unsupported_media");
    assertFails(HostileFiles.randomBytes(dir), "unsupported_media");
    assertFails(HostileFiles.truncated(video, dir), "unsupported_media");
  }

  private static List<Variant> parseMaster(String text) {
    assertThat(text).startsWith("#EXTM3U\n");
    List<Variant> variants = new ArrayList<>();
    Matcher m = STREAM_INF.matcher(text);
    while (m.find()) {
      variants.add(
          new Variant(
              Long.parseLong(m.group(1)),
              Long.parseLong(m.group(2)),
              Integer.parseInt(m.group(3)),
              Integer.parseInt(m.group(4)),
              m.group(6),
              m.group(7)));
    }
    return variants;
  }

  /** The profile, compatibility and level bytes of the avcC box (copied from the SPS), as hex. */
  private static String avcProfileAndLevel(Path init) throws Exception {
    byte[] data = Files.readAllBytes(init);
    for (int i = 0; i + 8 < data.length; i++) {
      if (data[i] == 'a' && data[i + 1] == 'v' && data[i + 2] == 'c' && data[i + 3] == 'C') {
        return HexFormat.of().formatHex(data, i + 5, i + 8);
      }
    }
    throw new AssertionError("no avcC box in " + init);
  }

  private void assertFails(Path file, String code) {
    TempDirJobExecution job = anHlsJob(file, Map.of());
    long started = System.nanoTime();
    JobFailedException e =
        catchThrowableOfType(JobFailedException.class, () -> handler().handle(job));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(HostileFiles.BOUND);
    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.retryable()).isFalse();
    assertThat(((TempDirJobAssets) job.assets()).outputs()).isEmpty();
  }
}
