package ai.omnix.pipeline.generation.offline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.generation.provider.Capability;
import ai.omnix.pipeline.generation.provider.ProviderRequest;
import ai.omnix.pipeline.generation.provider.ProviderResponse;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineProviderTest {
  @TempDir Path dir;

  private OfflineProvider provider() {
    return OfflineProvider.bundled(dir);
  }

  private static ProviderRequest image(String prompt, Long seed, int count) {
    return new ProviderRequest(
        Capability.IMAGE,
        "offline-image",
        prompt,
        null,
        320,
        240,
        null,
        0,
        seed,
        count,
        null,
        null);
  }

  private static byte[] first(ProviderResponse response) {
    return ((ProviderResponse.Completed) response).media().get(0).data();
  }

  @Test
  void rendersRealPngsOfTheRequestedSizeAndCount() throws Exception {
    ProviderResponse response = provider().submit(image("a red fox in snow", 7L, 3));

    List<byte[]> images =
        ((ProviderResponse.Completed) response).media().stream().map(m -> m.data()).toList();
    assertThat(images).hasSize(3);
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(images.get(0)));
    assertThat(decoded.getWidth()).isEqualTo(320);
    assertThat(decoded.getHeight()).isEqualTo(240);
    assertThat(images.get(0)).as("each output of a request differs").isNotEqualTo(images.get(1));
  }

  @Test
  void theSamePromptAndSeedGiveTheSameBytesAndAnotherSeedDoesNot() throws Exception {
    byte[] a = first(provider().submit(image("a red fox in snow", 7L, 1)));
    byte[] b = first(provider().submit(image("a red fox in snow", 7L, 1)));
    byte[] c = first(provider().submit(image("a red fox in snow", 8L, 1)));

    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void anEditDrawsOverTheInputImage() throws Exception {
    byte[] plain = first(provider().submit(image("sunset", 1L, 1)));
    byte[] input = first(provider().submit(image("something else entirely", 99L, 1)));

    byte[] edited =
        first(
            provider()
                .submit(
                    new ProviderRequest(
                        Capability.IMAGE_EDIT,
                        "offline-image",
                        "sunset",
                        null,
                        320,
                        240,
                        null,
                        0,
                        1L,
                        1,
                        new ProviderRequest.InputImage(input, "image/png"),
                        null)));

    assertThat(edited).isNotEqualTo(plain);
    assertThat(ImageIO.read(new ByteArrayInputStream(edited))).isNotNull();
  }

  @Test
  void rendersAPlayableH264VideoOfTheRequestedLengthDeterministically() throws Exception {
    ProviderRequest request =
        new ProviderRequest(
            Capability.VIDEO,
            "offline-video",
            "ocean waves",
            null,
            320,
            180,
            null,
            2,
            5L,
            1,
            null,
            null);

    byte[] video = first(provider().submit(request));
    byte[] again = first(provider().submit(request));

    assertThat(new String(video, 4, 4, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("ftyp");
    assertThat(video).isEqualTo(again);
    Path file = Files.write(dir.resolve("v.mp4"), video);
    String info = ffmpegInfo(file);
    assertThat(info).contains("Video: h264").contains("320x180");
    Matcher duration = Pattern.compile("Duration: 00:00:(\\d+\\.\\d+)").matcher(info);
    assertThat(duration.find()).isTrue();
    assertThat(Double.parseDouble(duration.group(1))).isBetween(1.9, 2.1);
    try (var files = Files.list(dir)) {
      assertThat(files.filter(p -> p.getFileName().toString().startsWith("offline-")))
          .as("temp files removed")
          .isEmpty();
    }
  }

  private static String ffmpegInfo(Path file) throws Exception {
    String ffmpeg = new ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator().getExecutablePath();
    Process p =
        new ProcessBuilder(ffmpeg, "-hide_banner", "-i", file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out;
  }
}
