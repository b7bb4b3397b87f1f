package ai.omnix.pipeline.testkit.jobs;

import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@link JobAssets} backed by a directory: inputs are files added by the test, outputs land in
 * {@code out/}.
 */
public final class TempDirJobAssets implements JobAssets {
  /** A stored output with the source it derives from. */
  public record Written(OutputAsset asset, String sourceAssetId, Path file) {}

  private final Path directory;
  private final Map<String, Path> inputs = new LinkedHashMap<>();
  private final Map<String, Written> outputs = new LinkedHashMap<>();

  public TempDirJobAssets(Path directory) {
    this.directory = directory;
  }

  /** Registers a file as an input asset; returns its id. */
  public String addInput(Path file) {
    String id = "asset-" + UUID.randomUUID();
    inputs.put(id, file);
    return id;
  }

  public Map<String, Written> outputs() {
    return outputs;
  }

  /** Facts recorded on input assets with {@link #annotate}, by asset id and key. */
  public final java.util.Map<String, java.util.Map<String, Object>> annotations =
      new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public void annotate(String assetId, String key, java.util.Map<String, Object> facts) {
    annotations.put(assetId + "/" + key, facts);
  }

  @Override
  public InputAsset describe(String assetId) {
    Path file = inputs.get(assetId);
    if (file == null) {
      throw new JobFailedException("asset_not_found", "no such asset", false);
    }
    try {
      return new InputAsset(
          assetId,
          file.getFileName().toString(),
          "application/octet-stream",
          Files.size(file),
          sha256(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public InputStream open(String assetId) throws IOException {
    describe(assetId);
    return Files.newInputStream(inputs.get(assetId));
  }

  @Override
  public OutputAsset write(
      String name, String sourceAssetId, InputStream content, long length, String contentType)
      throws IOException {
    Path file = directory.resolve("out").resolve(name);
    Files.createDirectories(file.getParent());
    long size = Files.copy(content, file, StandardCopyOption.REPLACE_EXISTING);
    if (length >= 0 && size != length) {
      throw new IOException("length " + length + " announced, " + size + " written");
    }
    OutputAsset asset =
        new OutputAsset("out-" + UUID.randomUUID(), name, contentType, size, sha256(file));
    outputs.put(name, new Written(asset, sourceAssetId, file));
    return asset;
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
