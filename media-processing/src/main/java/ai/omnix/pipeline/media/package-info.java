/**
 * Media jobs (probe, transcode, HLS, thumbnails, storyboards) on the ffmpeg that JAVE bundles. JAVE stays in this
 * module: nothing else in the pipeline depends on a native media library.
 */
package ai.omnix.pipeline.media;
