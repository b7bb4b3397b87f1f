package ai.omnix.pipeline.generation.provider.google;

import ai.omnix.pipeline.generation.provider.Capability;
import ai.omnix.pipeline.generation.provider.ProviderRequestBuilder;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Requests the Google tests send, and the small real PNG they stub Imagen with. */
final class GoogleTestRequests {
  static final String IMAGEN = "imagen-4.0-generate-001";
  static final String VEO = "veo-3.0-generate-001";

  private GoogleTestRequests() {}

  static ProviderRequestBuilder anImageRequest() {
    return new ProviderRequestBuilder(Capability.IMAGE, IMAGEN).size(1024, 1024);
  }

  static ProviderRequestBuilder aVideoRequest() {
    return new ProviderRequestBuilder(Capability.VIDEO, VEO).size(1280, 720).durationSeconds(8);
  }

  static byte[] aPng() {
    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    image.setRGB(3, 3, Color.ORANGE.getRGB());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
