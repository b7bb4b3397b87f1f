package ai.omnix.pipeline.media.hls;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.media.Dimensions;
import ai.omnix.pipeline.media.MediaFailures;
import ai.omnix.pipeline.media.MediaInfo;
import ai.omnix.pipeline.media.MediaLimits;
import ai.omnix.pipeline.media.MediaProber;
import ai.omnix.pipeline.media.MediaTool;
import ai.omnix.pipeline.media.MediaWorkspace;
import ai.omnix.pipeline.media.SourceDownload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link HlsJobType}: copies the source into a private workspace, probes it, refuses what it
 * must not process, encodes every rung (fragmented-MP4 segments, see {@link HlsCommand}) in one
 * heavy ffmpeg run (timeout scaled by duration × rungs), checks each media playlist is complete and
 * references only segments that exist, then stores the segments, the media playlists and a master
 * playlist whose BANDWIDTH is each rung's measured peak segment bit rate.
 */
public final class HlsJobHandler implements JobHandler {
  public static final String PREFIX = "hls/";
  public static final String MASTER_NAME = PREFIX + "master.m3u8";
  static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";
  static final String SEGMENT_TYPE = "video/iso.segment";
  static final String INIT_TYPE = "video/mp4";
  private final MediaTool tool;
  private final MediaProber prober;
  private final MediaLimits limits;
  private final Path workRoot;

  public HlsJobHandler(MediaTool tool, MediaProber prober, MediaLimits limits, Path workRoot) {
    this.tool = tool;
    this.prober = prober;
    this.limits = limits;
    this.workRoot = workRoot;
  }

  @Override
  public String type() {
    return HlsJobType.NAME;
  }

  @Override
  public JobResult handle(JobExecution execution) throws Exception {
    String assetId = execution.input().assetIds().get(0);
    try (MediaWorkspace workspace = MediaWorkspace.create(workRoot)) {
      Path source = SourceDownload.fetchInto(execution, assetId, workspace);
      MediaInfo info = prober.probe(source, execution::onCancel);
      MediaInfo.Stream video =
          info.firstVideo()
              .filter(v -> !info.isStillImage())
              .orElseThrow(
                  () ->
                      MediaFailures.fail(
                          MediaFailures.UNSUPPORTED_MEDIA, "The file is not a video."));
      Double duration = info.durationSeconds();
      if (duration == null || duration <= 0) {
        throw MediaFailures.fail(MediaFailures.UNSUPPORTED_MEDIA, "The video states no duration.");
      }
      limits.requireDurationWithin(duration, execution.plan());
      limits.requireFrameWithin(video);
      HlsPlan plan =
          HlsPlan.of(
              execution.params(),
              Dimensions.of(video),
              video.frameRate(),
              info.firstAudio().isPresent(),
              duration);
      execution.throwIfCanceled();
      execution.reportProgress(1);

      Path out = Files.createDirectory(workspace.file("hls"));
      for (HlsPlan.Rung rung : plan.rungs()) {
        Files.createDirectory(out.resolve(rung.name()));
      }
      Duration timeout = limits.transcodeTimeout(duration * plan.rungs().size());
      MediaTool.Outcome outcome =
          tool.run(
              new MediaTool.Invocation(
                  HlsCommand.arguments(plan, source, limits.maxPixels(), out),
                  timeout,
                  true,
                  Duration.ofMillis(Math.round(duration * 1000)),
                  p -> execution.reportProgress(Math.max(1, p * 9 / 10)),
                  execution::onCancel));
      execution.throwIfCanceled();
      MediaFailures.requireSucceeded(
          outcome, timeout, workspace.directory(), "Encode the HLS ladder");

      List<String> ids = new ArrayList<>();
      List<HlsPlaylists.Variant> variants = new ArrayList<>();
      List<Map<String, Object>> rungSummaries = new ArrayList<>();
      Double frameRate = plan.fps() != null ? plan.fps() : video.frameRate();
      for (HlsPlan.Rung rung : plan.rungs()) {
        Path directory = out.resolve(rung.name());
        HlsPlaylists.MediaPlaylist playlist = readPlaylist(directory);
        long bytes = 0;
        long peak = 0;
        for (HlsPlaylists.Segment segment : playlist.segments()) {
          execution.throwIfCanceled();
          Path file = directory.resolve(segment.uri());
          long size = Files.size(file);
          bytes += size;
          peak = Math.max(peak, Math.round(size * 8 / Math.max(segment.durationSeconds(), 0.001)));
          ids.add(
              store(
                      execution,
                      assetId,
                      PREFIX + rung.name() + "/" + segment.uri(),
                      file,
                      SEGMENT_TYPE)
                  .id());
        }
        ids.add(
            store(
                    execution,
                    assetId,
                    PREFIX + rung.name() + "/" + playlist.initUri(),
                    directory.resolve(playlist.initUri()),
                    INIT_TYPE)
                .id());
        String playlistName = PREFIX + rung.name() + "/" + HlsCommand.PLAYLIST;
        ids.add(
            store(
                    execution,
                    assetId,
                    playlistName,
                    directory.resolve(HlsCommand.PLAYLIST),
                    PLAYLIST_TYPE)
                .id());
        long average = Math.round(bytes * 8 / Math.max(playlist.totalSeconds(), 0.001));
        variants.add(
            new HlsPlaylists.Variant(
                rung.name() + "/" + HlsCommand.PLAYLIST,
                peak,
                average,
                rung.size(),
                frameRate,
                plan.codecs()));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", rung.name());
        r.put("playlist", playlistName);
        r.put("width", rung.size().width());
        r.put("height", rung.size().height());
        r.put("bandwidth", peak);
        r.put("average_bandwidth", average);
        r.put("segments", playlist.segments().size());
        rungSummaries.add(r);
      }
      byte[] master = HlsPlaylists.master(variants).getBytes(StandardCharsets.UTF_8);
      JobAssets.OutputAsset storedMaster =
          execution
              .assets()
              .write(
                  MASTER_NAME,
                  assetId,
                  new ByteArrayInputStream(master),
                  master.length,
                  PLAYLIST_TYPE);
      ids.add(0, storedMaster.id());
      execution.reportProgress(100);

      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("master_asset_id", storedMaster.id());
      summary.put("master", MASTER_NAME);
      summary.put("segment_s", plan.segmentSeconds());
      summary.put("codecs", plan.codecs());
      summary.put("duration_s", duration);
      summary.put("rungs", rungSummaries);
      return new JobResult(ids, summary);
    }
  }

  /**
   * The rung's playlist, which must be complete and reference an init section and segments that
   * exist.
   */
  private static HlsPlaylists.MediaPlaylist readPlaylist(Path directory) throws IOException {
    Path file = directory.resolve(HlsCommand.PLAYLIST);
    HlsPlaylists.MediaPlaylist playlist;
    try {
      playlist = HlsPlaylists.parseMedia(Files.exists(file) ? Files.readString(file) : "");
    } catch (IllegalArgumentException e) {
      throw MediaFailures.fail(
          MediaFailures.TRANSCODE_FAILED, "ffmpeg wrote an unusable HLS playlist.");
    }
    boolean allExist =
        playlist.segments().stream().allMatch(s -> Files.isRegularFile(directory.resolve(s.uri())));
    boolean initExists =
        playlist.initUri() != null && Files.isRegularFile(directory.resolve(playlist.initUri()));
    if (!playlist.complete() || playlist.segments().isEmpty() || !allExist || !initExists) {
      throw MediaFailures.fail(
          MediaFailures.TRANSCODE_FAILED, "ffmpeg wrote an incomplete HLS rendition.");
    }
    return playlist;
  }

  private static JobAssets.OutputAsset store(
      JobExecution execution, String sourceAssetId, String name, Path file, String contentType)
      throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return execution.assets().write(name, sourceAssetId, in, Files.size(file), contentType);
    }
  }
}
