package ai.omnix.pipeline.media.hls;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.media.Dimensions;
import ai.omnix.pipeline.media.MediaFailures;
import ai.omnix.pipeline.media.MediaJobHandler;
import ai.omnix.pipeline.media.MediaRun;
import ai.omnix.pipeline.media.MediaToolkit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link HlsJobType} in the {@link MediaJobHandler} frame: encodes every rung (fragmented-MP4
 * segments, see {@link HlsCommand}) in one heavy ffmpeg run (timeout scaled by duration × rungs),
 * checks each media playlist is complete and references only segments that exist, then stores the
 * segments, the media playlists and a master playlist whose BANDWIDTH is each rung's measured peak
 * segment bit rate.
 */
public final class HlsJobHandler extends MediaJobHandler {
  public static final String PREFIX = "hls/";
  public static final String MASTER_NAME = PREFIX + "master.m3u8";
  static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";
  static final String SEGMENT_TYPE = "video/iso.segment";
  static final String INIT_TYPE = "video/mp4";

  public HlsJobHandler(MediaToolkit toolkit) {
    super(toolkit);
  }

  @Override
  public String type() {
    return HlsJobType.NAME;
  }

  @Override
  protected JobResult process(MediaRun run) throws Exception {
    MediaRun.TimedVideo video = run.requireTimedVideo();
    double duration = video.durationSeconds();
    HlsPlan plan =
        HlsPlan.of(
            run.execution().params(),
            Dimensions.of(video.stream()),
            video.stream().frameRate(),
            run.info().firstAudio().isPresent(),
            duration);
    run.reached(1);

    Path out = run.directory("hls");
    for (HlsPlan.Rung rung : plan.rungs()) {
      Files.createDirectory(out.resolve(rung.name()));
    }
    run.ffmpegWithProgress(
        "Encode the HLS ladder",
        HlsCommand.arguments(plan, run.source(), run.limits().maxPixels(), out),
        run.limits().transcodeTimeout(duration * plan.rungs().size()),
        duration,
        90);

    List<String> ids = new ArrayList<>();
    List<HlsPlaylists.Variant> variants = new ArrayList<>();
    List<Map<String, Object>> rungSummaries = new ArrayList<>();
    Double frameRate = plan.fps() != null ? plan.fps() : video.stream().frameRate();
    for (HlsPlan.Rung rung : plan.rungs()) {
      Path directory = out.resolve(rung.name());
      String rungPrefix = PREFIX + rung.name() + "/";
      HlsPlaylists.MediaPlaylist playlist = readPlaylist(directory);
      long bytes = 0;
      long peak = 0;
      for (HlsPlaylists.Segment segment : playlist.segments()) {
        Path file = directory.resolve(segment.uri());
        long size = Files.size(file);
        bytes += size;
        peak = Math.max(peak, Math.round(size * 8 / Math.max(segment.durationSeconds(), 0.001)));
        ids.add(run.store(rungPrefix + segment.uri(), file, SEGMENT_TYPE).id());
      }
      ids.add(
          run.store(
                  rungPrefix + playlist.initUri(), directory.resolve(playlist.initUri()), INIT_TYPE)
              .id());
      String playlistName = rungPrefix + HlsCommand.PLAYLIST;
      ids.add(run.store(playlistName, directory.resolve(HlsCommand.PLAYLIST), PLAYLIST_TYPE).id());
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
    JobAssets.OutputAsset storedMaster =
        run.store(
            MASTER_NAME,
            HlsPlaylists.master(variants).getBytes(StandardCharsets.UTF_8),
            PLAYLIST_TYPE);
    ids.add(0, storedMaster.id());
    run.execution().reportProgress(100);

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("master_asset_id", storedMaster.id());
    summary.put("master", MASTER_NAME);
    // the API links a playback URL under which the master's relative paths resolve to this job's
    // other outputs
    summary.put("playback_entry", MASTER_NAME);
    summary.put("segment_s", plan.segmentSeconds());
    summary.put("codecs", plan.codecs());
    summary.put("duration_s", duration);
    summary.put("rungs", rungSummaries);
    return new JobResult(ids, summary);
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
}
