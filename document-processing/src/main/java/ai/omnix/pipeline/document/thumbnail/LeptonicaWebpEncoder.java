package ai.omnix.pipeline.document.thumbnail;

import static org.bytedeco.leptonica.global.leptonica.lept_free;
import static org.bytedeco.leptonica.global.leptonica.pixCreate;
import static org.bytedeco.leptonica.global.leptonica.pixDestroy;
import static org.bytedeco.leptonica.global.leptonica.pixGetData;
import static org.bytedeco.leptonica.global.leptonica.pixGetWpl;
import static org.bytedeco.leptonica.global.leptonica.pixWriteMemWebP;

import java.awt.image.BufferedImage;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.leptonica.PIX;

/**
 * Encodes images as lossy WebP with the libwebp built into bytedeco's Leptonica (already bundled
 * for Tesseract), as there is no pure-Java WebP writer. Thread-safe: every call has its own native
 * buffers, freed before it returns.
 */
final class LeptonicaWebpEncoder {
  /** libwebp's quality scale, 0–100; 80 is its own default. */
  static final int QUALITY = 80;

  private LeptonicaWebpEncoder() {}

  /** Opaque RGB only: alpha, if any, is dropped (thumbnails are drawn on white). */
  static byte[] encode(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    PIX pix = pixCreate(width, height, 32);
    if (pix == null) {
      throw new IllegalStateException(
          "Leptonica could not allocate a " + width + "x" + height + " image");
    }
    try {
      IntPointer data = pixGetData(pix);
      int wordsPerLine = pixGetWpl(pix);
      int[] row = new int[width];
      for (int y = 0; y < height; y++) {
        image.getRGB(0, y, width, 1, row, 0, width);
        for (int x = 0; x < width; x++) {
          row[x] =
              (row[x] << 8)
                  | 0xff; // Leptonica's 32-bit pixel: red, green, blue, alpha from the top byte
          // down
        }
        data.position((long) y * wordsPerLine).put(row, 0, width);
      }
      data.position(0);
      try (PointerPointer<BytePointer> encoded = new PointerPointer<>(1);
          SizeTPointer size = new SizeTPointer(1)) {
        if (pixWriteMemWebP(encoded, size, pix, QUALITY, 0) != 0 || encoded.get(0) == null) {
          throw new IllegalStateException(
              "Leptonica could not encode WebP (built without libwebp?)");
        }
        BytePointer bytes = new BytePointer(encoded.get(0));
        try {
          byte[] out = new byte[Math.toIntExact(size.get())];
          bytes.capacity(out.length).get(out);
          return out;
        } finally {
          lept_free(bytes);
        }
      }
    } finally {
      pixDestroy(pix);
    }
  }
}
