package ai.omnix.pipeline.document;

import ai.omnix.pipeline.core.job.handler.JobAssets;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes a document job's text outputs with lineage to the input asset. */
public final class DocumentOutputs {
  public static final int PREVIEW_CHARACTERS = 500;

  private DocumentOutputs() {}

  public static JobAssets.OutputAsset writeText(
      JobAssets assets, String name, String sourceAssetId, String text, String contentType)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return assets.write(
        name, sourceAssetId, new ByteArrayInputStream(bytes), bytes.length, contentType);
  }

  /** The first characters of {@code text}, never splitting a surrogate pair. */
  public static String preview(String text) {
    if (text.length() <= PREVIEW_CHARACTERS) {
      return text;
    }
    int end = PREVIEW_CHARACTERS;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end);
  }
}
