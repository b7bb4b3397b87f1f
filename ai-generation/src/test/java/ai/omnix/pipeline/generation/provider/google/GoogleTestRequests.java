package ai.omnix.pipeline.generation.provider.google;

import ai.omnix.pipeline.generation.provider.Capability;
import ai.omnix.pipeline.generation.provider.ProviderRequest;
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

  static Builder anImageRequest() {
    return new Builder(Capability.IMAGE, IMAGEN).size(1024, 1024);
  }

  static Builder aVideoRequest() {
    return new Builder(Capability.VIDEO, VEO).size(1280, 720).durationSeconds(8);
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

  static final class Builder {
    private final Capability capability;
    private String model;
    private String prompt = "a lighthouse at dusk";
    private String negativePrompt;
    private int width;
    private int height;
    private String aspectRatio;
    private int durationSeconds;
    private Long seed;
    private int count = 1;
    private ProviderRequest.InputImage inputImage;

    private Builder(Capability capability, String model) {
      this.capability = capability;
      this.model = model;
    }

    Builder model(String model) {
      this.model = model;
      return this;
    }

    Builder negativePrompt(String negativePrompt) {
      this.negativePrompt = negativePrompt;
      return this;
    }

    Builder size(int width, int height) {
      this.width = width;
      this.height = height;
      return this;
    }

    Builder aspectRatio(String aspectRatio) {
      this.aspectRatio = aspectRatio;
      return this;
    }

    Builder durationSeconds(int durationSeconds) {
      this.durationSeconds = durationSeconds;
      return this;
    }

    Builder seed(Long seed) {
      this.seed = seed;
      return this;
    }

    Builder count(int count) {
      this.count = count;
      return this;
    }

    Builder inputImage(byte[] data, String contentType) {
      this.inputImage = new ProviderRequest.InputImage(data, contentType);
      return this;
    }

    ProviderRequest build() {
      return new ProviderRequest(
          capability,
          model,
          prompt,
          negativePrompt,
          width,
          height,
          aspectRatio,
          durationSeconds,
          seed,
          count,
          inputImage,
          "attempt-1");
    }
  }
}
