package ai.omnix.pipeline.document.detect;

import ai.omnix.pipeline.core.storage.ContentSniffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;

/**
 * Media-type detection with Tika's default detector (magic bytes, container formats such as OOXML,
 * then the name as a tie-breaker). Only tika-core: no parser is loaded to sniff an upload.
 */
public final class TikaContentSniffer implements ContentSniffer {
  private static final int HEAD = 64 * 1024;
  private final Detector detector = TikaConfig.getDefaultConfig().getDetector();

  @Override
  public int headLength() {
    return HEAD;
  }

  @Override
  public String sniff(byte[] head, String filenameHint) {
    Metadata metadata = new Metadata();
    if (filenameHint != null) {
      metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, filenameHint);
    }
    try (TikaInputStream in = TikaInputStream.get(head)) {
      MediaType type = detector.detect(in, metadata);
      return type.getBaseType().toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
