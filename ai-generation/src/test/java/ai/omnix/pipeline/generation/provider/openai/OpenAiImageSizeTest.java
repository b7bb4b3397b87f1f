package ai.omnix.pipeline.generation.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiImageSizeTest {

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "gpt-image-1, 1024, 1024, null, 1024x1024",
        "gpt-image-1, 1920, 1080, null, 1536x1024",
        "gpt-image-1, 720, 1280, null, 1024x1536",
        "gpt-image-1, 1100, 1000, null, 1024x1024",
        "dall-e-3, 1920, 1080, null, 1792x1024",
        "dall-e-3, 1080, 1920, null, 1024x1792",
        "dall-e-3, 512, 512, null, 1024x1024",
        "dall-e-2, 300, 300, null, 256x256",
        "dall-e-2, 600, 400, null, 512x512",
        "gpt-image-1, 0, 0, 16:9, 1536x1024",
        "dall-e-3, 0, 0, 9:16, 1024x1792",
        "dall-e-2, 0, 0, 1:1, 1024x1024",
        "gpt-image-1, 0, 0, null, 1024x1024",
        "gpt-image-1, 0, 0, 16:0, 1024x1024",
        "gpt-image-1, 0, 0, 99999999999:1, 1024x1024",
        "gpt-image-1, 0, 0, wide, 1024x1024"
      })
  void picksTheSupportedSizeNearestInShapeThenInArea(
      String model, int width, int height, String aspectRatio, String expected) {
    assertThat(OpenAiImageSize.nearest(model, width, height, aspectRatio)).isEqualTo(expected);
  }
}
