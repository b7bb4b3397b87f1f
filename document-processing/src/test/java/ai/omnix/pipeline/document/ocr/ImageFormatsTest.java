package ai.omnix.pipeline.document.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageFormatsTest {
  @Test
  void imageIoReadsEveryFormatTheOcrJobPromises() {
    for (String format : new String[] {"png", "jpeg", "tiff", "webp"}) {
      assertThat(ImageIO.getImageReadersByFormatName(format).hasNext()).as(format).isTrue();
    }
  }
}
