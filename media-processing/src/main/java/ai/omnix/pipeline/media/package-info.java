/**
 * Media jobs (probe, transcode, thumbnail, storyboard, hls) on the ffmpeg that JAVE bundles. JAVE
 * stays in this module: nothing else in the pipeline depends on a native media library.
 *
 * <p>{@link ai.omnix.pipeline.media.MediaTool} is the port to ffmpeg ({@code ffmpeg.FfmpegRunner}
 * runs the bundled binary with a timeout, bounded output, progress and a process-tree kill);
 * handlers build exact argument lists ({@code transcode.TranscodeCommand}, {@link
 * ai.omnix.pipeline.media.MediaProber#arguments}) and work in a private {@link
 * ai.omnix.pipeline.media.MediaWorkspace} that is deleted on every path. Content-driven bounds live
 * in {@link ai.omnix.pipeline.media.MediaLimits}; failure codes in {@link
 * ai.omnix.pipeline.media.MediaFailures}.
 */
package ai.omnix.pipeline.media;
