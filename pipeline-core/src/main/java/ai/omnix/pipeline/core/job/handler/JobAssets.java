package ai.omnix.pipeline.core.job.handler;

import java.io.IOException;
import java.io.InputStream;

/**
 * A job's access to files: it reads its tenant's input assets and writes derived assets, each
 * recorded in lineage against its source asset and this job. Writing the same output name again (a
 * re-run after a crash) replaces the earlier output instead of adding a second one, so re-runs stay
 * idempotent. Used by the handler's thread only.
 */
public interface JobAssets {

  /** What the pipeline knows of an input asset. */
  record InputAsset(String id, String filename, String contentType, long size, String sha256) {}

  /** A stored output. */
  record OutputAsset(String id, String name, String contentType, long size, String sha256) {}

  /**
   * @throws JobFailedException ({@code asset_not_found}, not retryable) when the asset is gone or
   *     not the tenant's
   */
  InputAsset describe(String assetId);

  /**
   * Records facts about an input asset on the asset itself (merged into its metadata under {@code
   * key}), such as what a probe found, so clients see them with the asset.
   */
  void annotate(String assetId, String key, java.util.Map<String, Object> facts);

  /** Opens an input asset's bytes; the caller closes the stream. */
  InputStream open(String assetId) throws IOException;

  /**
   * Stores a derived file.
   *
   * @param name the output's name within this job, such as {@code poster.jpg} or {@code
   *     720p/segment-3.ts}: letters, digits, dot, dash, underscore and slash only
   * @param sourceAssetId the asset it derives from, or null for a generated file (AI output)
   * @param length the exact length, or -1 when unknown
   */
  OutputAsset write(
      String name, String sourceAssetId, InputStream content, long length, String contentType)
      throws IOException;
}
