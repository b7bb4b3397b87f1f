package ai.omnix.pipeline.generation.offline;

import ai.omnix.pipeline.generation.provider.Capability;
import ai.omnix.pipeline.generation.provider.GeneratedMedia;
import ai.omnix.pipeline.generation.provider.GenerationProvider;
import ai.omnix.pipeline.generation.provider.ProviderRequest;
import ai.omnix.pipeline.generation.provider.ProviderResponse;
import ai.omnix.pipeline.providers.ProviderException;
import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.imageio.ImageIO;

/**
 * A provider that needs no network and no key: it renders synthetic but real files from the prompt
 * and seed, the same bytes for the same request, each labelled "SYNTHETIC" in the picture. Images
 * are PNGs drawn with Java 2D; videos are H.264 MP4s, frames drawn the same way and encoded by the
 * bundled ffmpeg. It is what the embedded default and the tests generate with. Thread-safe.
 */
public final class OfflineProvider implements GenerationProvider {
  public static final String NAME = "offline";
  public static final String LABEL = "SYNTHETIC";
  static final int FPS = 12;
  private static final int MAX_SIDE = 2048;
  private static final int MAX_VIDEO_SIDE = 1280;
  private static final long FFMPEG_TIMEOUT_S = 120;

  private final Supplier<Path> ffmpeg;
  private final Path workDir;

  /**
   * @param ffmpeg the ffmpeg binary, asked for at the first video only
   * @param workDir where videos are encoded; each request gets its own temporary file
   */
  public OfflineProvider(Supplier<Path> ffmpeg, Path workDir) {
    this.ffmpeg = ffmpeg;
    this.workDir = workDir;
  }

  /** With JAVE's bundled ffmpeg. */
  public static OfflineProvider bundled(Path workDir) {
    return new OfflineProvider(
        () -> Path.of(new ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator().getExecutablePath()),
        workDir);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ProviderResponse submit(ProviderRequest request) throws ProviderException {
    String requestId = "offline-" + fingerprint(request).substring(0, 16);
    List<GeneratedMedia> media = new ArrayList<>();
    if (request.capability() == Capability.VIDEO) {
      media.add(GeneratedMedia.inline("video/mp4", video(request)));
    } else {
      for (int i = 0; i < request.count(); i++) {
        media.add(GeneratedMedia.inline("image/png", png(image(request, i, 0, 1))));
      }
    }
    return new ProviderResponse.Completed(media, requestId, 0L);
  }

  @Override
  public ProviderResponse poll(ProviderRequest request, String operationId) {
    throw new IllegalStateException(
        "the offline provider answers at once; there is nothing to poll");
  }

  @Override
  public InputStream download(GeneratedMedia media) {
    if (media.data() == null) {
      throw new IllegalStateException("the offline provider returns its files inline");
    }
    return new ByteArrayInputStream(media.data());
  }

  private static int side(int requested, int fallback, int max) {
    int v = requested <= 0 ? fallback : Math.min(requested, max);
    return Math.max(16, v - v % 2);
  }

  /**
   * Frame {@code frame} of {@code frames} of output {@code index}: a scene chosen by the prompt and
   * seed.
   */
  BufferedImage image(ProviderRequest request, int index, int frame, int frames) {
    boolean video = request.capability() == Capability.VIDEO;
    int w = side(request.width(), video ? 640 : 512, video ? MAX_VIDEO_SIDE : MAX_SIDE);
    int h = side(request.height(), video ? 360 : 512, video ? MAX_VIDEO_SIDE : MAX_SIDE);
    BufferedImage img =
        new BufferedImage(w, h, video ? BufferedImage.TYPE_3BYTE_BGR : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      SplittableRandom random = new SplittableRandom(seedOf(request, index));
      Color a = new Color(random.nextInt(0x1000000));
      Color b = new Color(random.nextInt(0x1000000));
      g.setPaint(new GradientPaint(0, 0, a, w, h, b));
      g.fillRect(0, 0, w, h);
      if (request.inputImage() != null) {
        drawInput(g, request.inputImage().data(), w, h);
      }
      double t = frames <= 1 ? 0 : (double) frame / frames;
      int shapes = 6 + random.nextInt(6);
      for (int i = 0; i < shapes; i++) {
        g.setColor(new Color(random.nextInt(0x1000000) | 0x60000000, true));
        double cx = random.nextDouble() * w;
        double cy = random.nextDouble() * h;
        double r = (0.05 + random.nextDouble() * 0.2) * Math.min(w, h);
        double phase = random.nextDouble() * 2 * Math.PI;
        int x = (int) (cx + Math.cos(2 * Math.PI * t + phase) * r * 0.8 - r);
        int y = (int) (cy + Math.sin(2 * Math.PI * t + phase) * r * 0.8 - r);
        if (random.nextBoolean()) {
          g.fillOval(x, y, (int) (2 * r), (int) (2 * r));
        } else {
          g.setStroke(new BasicStroke(Math.max(2f, (float) r / 8)));
          g.drawRect(x, y, (int) (2 * r), (int) (1.4 * r));
        }
      }
      caption(g, request.prompt(), w, h);
    } finally {
      g.dispose();
    }
    return img;
  }

  private static void drawInput(Graphics2D g, byte[] data, int w, int h) {
    try {
      BufferedImage input = ImageIO.read(new ByteArrayInputStream(data));
      if (input != null) {
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.7f));
        g.drawImage(input, 0, 0, w, h, null);
        g.setComposite(AlphaComposite.SrcOver);
      }
    } catch (IOException unreadable) {
      // an unreadable input image only loses its underlay; the request was validated as an image
      // before
    }
  }

  private static void caption(Graphics2D g, String prompt, int w, int h) {
    int band = Math.max(18, h / 8);
    g.setColor(new Color(0, 0, 0, 170));
    g.fillRect(0, h - band, w, band);
    g.setColor(Color.WHITE);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, band / 2)));
    String text = LABEL + " · " + prompt.replaceAll("\\s+", " ");
    int max = Math.max(8, w / Math.max(6, band / 3));
    g.drawString(
        text.length() <= max ? text : text.substring(0, max) + "…", band / 4, h - band / 3);
  }

  private static byte[] png(BufferedImage image) throws ProviderException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new ProviderException(
          ProviderException.Kind.GENERATION_FAILED, 0, null, "PNG encoding failed", e);
    }
    return out.toByteArray();
  }

  private byte[] video(ProviderRequest request) throws ProviderException {
    int seconds = Math.max(1, request.durationSeconds());
    int frames = seconds * FPS;
    BufferedImage first = image(request, 0, 0, frames);
    Path out = null;
    Process process = null;
    try {
      Files.createDirectories(workDir);
      out = Files.createTempFile(workDir, "offline-", ".mp4");
      // bitexact and one thread: the same request gives the same bytes
      process =
          new ProcessBuilder(
                  ffmpeg.get().toString(),
                  "-hide_banner",
                  "-nostdin",
                  "-y",
                  "-v",
                  "error",
                  "-f",
                  "rawvideo",
                  "-pix_fmt",
                  "bgr24",
                  "-s",
                  first.getWidth() + "x" + first.getHeight(),
                  "-r",
                  Integer.toString(FPS),
                  "-i",
                  "-",
                  "-c:v",
                  "libx264",
                  "-preset",
                  "veryfast",
                  "-threads",
                  "1",
                  "-pix_fmt",
                  "yuv420p",
                  "-fflags",
                  "+bitexact",
                  "-flags:v",
                  "+bitexact",
                  "-movflags",
                  "+faststart",
                  "-map_metadata",
                  "-1",
                  out.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      try (OutputStream stdin = process.getOutputStream()) {
        for (int f = 0; f < frames; f++) {
          BufferedImage frame = f == 0 ? first : image(request, 0, f, frames);
          stdin.write(((DataBufferByte) frame.getRaster().getDataBuffer()).getData());
        }
      }
      if (!process.waitFor(FFMPEG_TIMEOUT_S, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new ProviderException(
            ProviderException.Kind.GENERATION_FAILED,
            0,
            "ffmpeg failed to encode the offline video");
      }
      return Files.readAllBytes(out);
    } catch (IOException e) {
      throw new ProviderException(
          ProviderException.Kind.GENERATION_FAILED, 0, null, "offline video failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(ProviderException.Kind.TIMEOUT, 0, null, "interrupted", e);
    } finally {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
      }
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException ignored) {
          // a leftover temp file is swept with the work dir
        }
      }
    }
  }

  private static long seedOf(ProviderRequest request, int index) {
    String key = fingerprint(request) + "#" + index;
    return Long.parseUnsignedLong(sha256(key).substring(0, 15), 16);
  }

  private static String fingerprint(ProviderRequest request) {
    return sha256(
        request.providerModel()
            + "\n"
            + request.prompt()
            + "\n"
            + request.negativePrompt()
            + "\n"
            + (request.seed() == null ? "0" : request.seed())
            + "\n"
            + request.width()
            + "x"
            + request.height()
            + "\n"
            + request.durationSeconds()
            + "\n"
            + (request.inputImage() == null ? "" : sha256(request.inputImage().data())));
  }

  private static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
