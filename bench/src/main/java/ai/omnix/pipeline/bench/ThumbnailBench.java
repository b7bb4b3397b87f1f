package ai.omnix.pipeline.bench;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.media.Dimensions;
import ai.omnix.pipeline.media.MediaInfo;
import ai.omnix.pipeline.media.MediaLimits;
import ai.omnix.pipeline.media.MediaProber;
import ai.omnix.pipeline.media.MediaTool;
import ai.omnix.pipeline.media.MediaToolkit;
import ai.omnix.pipeline.media.ffmpeg.FfmpegRunner;
import ai.omnix.pipeline.media.thumbnail.ThumbnailCommand;
import ai.omnix.pipeline.media.thumbnail.ThumbnailJobHandler;
import ai.omnix.pipeline.media.thumbnail.ThumbnailRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Benchmark 6: image thumbnails per second through our {@code thumbnail} job's code against
 * ImageMagick.
 *
 * <p>BENCH_THUMBNAIL_IMAGES (default {@value #DEFAULT_IMAGES}) different 1920x1080 JPEGs are
 * generated once with JAVE's bundled ffmpeg (the lavfi {@code testsrc2} pattern with temporal
 * noise, so the frames differ and compress like a photo rather than a flat test card; {@code -q:v
 * 2}). Then, after one untimed warm-up pass of each way, in {@value #REPEATS} interleaved rounds,
 * every image is thumbnailed to fit 320x320 (a 320x180 output) by:
 *
 * <ul>
 *   <li>ours (the figure that counts): {@link ThumbnailJobHandler#handle} in this JVM, exactly the
 *       object the worker runs, with params {@code sizes=320, formats=jpeg}, the default {@link
 *       MediaLimits} and a real {@link FfmpegRunner} on the bundled ffmpeg. Everything the job does
 *       per image is timed: copying the input out of "storage" into a private workspace, the probe
 *       ({@code ffmpeg -i}), the pixel-flood guard, the render ({@link ThumbnailCommand#images}),
 *       the probe of the output, and storing it. Only the storage is a stand-in (a {@link
 *       JobAssets} on local files that hashes what it stores, as the local backend does; no
 *       database);
 *   <li>ours, command only (context, not the comparison): the one ffmpeg run the handler builds
 *       ({@link ThumbnailCommand#images}, same arguments) through the same {@link FfmpegRunner},
 *       without the copy, the two probes and the store: the difference to the line above is the
 *       job's overhead. It reads a hard link to the image without an extension, as the handler
 *       reads its workspace copy {@code source} (so ffmpeg picks the format from the bytes, {@code
 *       jpeg_pipe}, as in the job);
 *   <li>ours, probe only (context): one {@link MediaProber#probe} of the same extension-less link,
 *       the step the handler runs before rendering (it runs a second one on the small output);
 *   <li>baseline: ImageMagick {@code convert -thumbnail 320x320 in.jpg out.jpg} as a child process
 *       (real binary found on the PATH; a shell-script stand-in is skipped), timed from start to
 *       exit.
 * </ul>
 *
 * Each way runs sequentially (one image at a time) and with 2 in parallel (a fixed pool of 2
 * threads; our runner then gets 2 heavy slots, as {@code omnix.media.max-concurrent-ffmpeg=2} would
 * give it). Figures: images per second (median of the rounds), and the ratio ours / ImageMagick
 * (goal &ge; {@value #GOAL_RATIO}). Outputs are checked: ours must be 320x180 JPEGs (the handler
 * probes them itself), and one ImageMagick output is probed for its size. When ImageMagick is
 * missing, ours is still measured and the baseline is reported as missing. Everything lives in one
 * temp directory, deleted at the end.
 */
final class ThumbnailBench {
  static final double GOAL_RATIO = 1.0;
  static final int DEFAULT_IMAGES = 50;
  static final int BOX = 320;
  static final int WIDTH = 1920;
  static final int HEIGHT = 1080;
  private static final int REPEATS = 3;
  private static final int PARALLEL = 2;
  private static final Duration PER_IMAGE_TIMEOUT = Duration.ofSeconds(120);
  private static final Map<String, Object> PARAMS =
      Map.of(ThumbnailRequest.SIZES, Integer.toString(BOX), ThumbnailRequest.FORMATS, "jpeg");

  private ThumbnailBench() {}

  /** Runs this benchmark alone: {@code java -cp … ai.omnix.pipeline.bench.ThumbnailBench}. */
  public static void main(String[] args) {
    int status = 0;
    Logs.quiet();
    try {
      BenchConfig config = BenchConfig.fromEnvironment();
      Path file = Results.write(config, "thumbnail", run(config));
      System.out.println("results written to " + file);
    } catch (Throwable e) {
      System.err.println("benchmark thumbnail failed:");
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  /** One way of making thumbnails: processes image {@code i} of the set into {@code outDir}. */
  private interface Way {
    void thumbnail(int i, Path image, Path outDir) throws Exception;
  }

  static Map<String, Object> run(BenchConfig config) throws Exception {
    Map<String, Object> out = Results.header("thumbnail", config);
    int count = intEnv("BENCH_THUMBNAIL_IMAGES", DEFAULT_IMAGES, 1, 10_000);
    out.put("images", count);
    Path work = Files.createTempDirectory("omnix-bench-thumbnail-");
    try {
      Path ffmpeg = FfmpegRunner.bundledExecutable();
      Path images = Files.createDirectories(work.resolve("images"));
      System.out.printf(
          "%n== thumbnail: generating %d %dx%d JPEGs with %s ==%n", count, WIDTH, HEIGHT, ffmpeg);
      List<Path> sources = generate(ffmpeg, images, count);
      // The handler copies its input to a workspace file named "source", without an extension, so
      // ffmpeg detects
      // the format from the bytes (jpeg_pipe), not from a name (image2). The context ways read such
      // names too.
      Path bare = Files.createDirectories(work.resolve("bare"));
      List<Path> bareSources = new ArrayList<>();
      for (Path image : sources) {
        bareSources.add(
            Files.createLink(
                bare.resolve(image.getFileName().toString().replace(".jpg", "")), image));
      }
      long totalBytes = 0;
      for (Path p : sources) {
        totalBytes += Files.size(p);
      }
      Map<String, Object> source = new LinkedHashMap<>();
      source.put("count", count);
      source.put("size", WIDTH + "x" + HEIGHT);
      source.put("mean_bytes", totalBytes / count);
      source.put(
          "generator",
          "ffmpeg -f lavfi -i testsrc2=size="
              + WIDTH
              + "x"
              + HEIGHT
              + ":rate=25 -vf noise=alls=12:allf=t -frames:v "
              + count
              + " -q:v 2 image-%04d.jpg");
      out.put("source", source);
      System.out.printf("generated: mean %d KiB per image%n", totalBytes / count / 1024);

      MediaLimits limits = MediaLimits.defaults();
      Optional<Path> convert = findImageMagick();
      List<String> skipped = skippedConverts();
      Map<String, Object> baselineInfo = new LinkedHashMap<>();
      if (convert.isEmpty()) {
        System.out.println();
        System.out.println(
            "  ImageMagick is NOT installed: no ELF 'convert' on the PATH"
                + (skipped.isEmpty() ? "" : " (skipped stand-in scripts: " + skipped + ")")
                + ". Install it (apt-get install -y imagemagick)"
                + " for the baseline; measuring ours only.");
        baselineInfo.put("missing", true);
        baselineInfo.put(
            "message",
            "ImageMagick 'convert' not found on the PATH; install with "
                + "apt-get install -y imagemagick");
      } else {
        baselineInfo.put("missing", false);
        baselineInfo.put("executable", convert.get().toString());
        baselineInfo.put("version", firstLine(List.of(convert.get().toString(), "-version")));
        baselineInfo.put("command", "convert -thumbnail " + BOX + "x" + BOX + " in.jpg out.jpg");
        if (!skipped.isEmpty()) {
          baselineInfo.put("skipped_stand_ins", skipped);
        }
        System.out.println(
            "ImageMagick: "
                + convert.get()
                + " ("
                + baselineInfo.get("version")
                + ")"
                + (skipped.isEmpty() ? "" : "; skipped stand-in scripts " + skipped));
      }
      out.put("imagemagick", baselineInfo);
      out.put("method", method(count));

      Map<String, Object> figures = new LinkedHashMap<>();
      for (int parallel : List.of(1, PARALLEL)) {
        String mode = parallel == 1 ? "sequential" : "parallel_" + parallel;
        FfmpegRunner runner = FfmpegRunner.bundled(parallel);
        MediaProber prober = new MediaProber(runner, limits);
        ThumbnailJobHandler handler =
            new ThumbnailJobHandler(
                new MediaToolkit(
                    runner, prober, limits, Files.createDirectories(work.resolve("media-work"))));
        Map<String, Way> ways = new LinkedHashMap<>();
        ways.put("ours_handler", (i, image, dir) -> ours(handler, image, dir));
        ways.put(
            "ours_command_only",
            (i, image, dir) -> commandOnly(runner, limits, bareSources.get(i), dir));
        ways.put(
            "ours_probe_only", (i, image, dir) -> prober.probe(bareSources.get(i), hook -> {}));
        convert.ifPresent(
            c -> ways.put("imagemagick", (i, image, dir) -> imagemagick(c, image, dir)));

        System.out.printf(
            "%n== thumbnail, %s (%d at a time): warm-up (untimed) ==%n", mode, parallel);
        for (Map.Entry<String, Way> way : ways.entrySet()) {
          pass(
              way.getValue(),
              sources.subList(0, Math.min(5, count)),
              work.resolve("warmup"),
              parallel);
        }
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, Path> lastOutputs = new LinkedHashMap<>();
        for (int round = 1; round <= REPEATS; round++) {
          StringBuilder line = new StringBuilder(String.format("%s round %d:", mode, round));
          for (Map.Entry<String, Way> way : ways.entrySet()) {
            Path dir = work.resolve("out-" + mode + "-" + way.getKey() + "-" + round);
            double seconds = pass(way.getValue(), sources, dir, parallel);
            double rate = count / seconds;
            rates.computeIfAbsent(way.getKey(), k -> new ArrayList<>()).add(rate);
            line.append(String.format(" %s %.2f img/s (%.2f s);", way.getKey(), rate, seconds));
            Path previous = lastOutputs.put(way.getKey(), dir);
            if (previous != null) {
              deleteTree(previous);
            }
          }
          System.out.println(line);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
          Map<String, Object> w = new LinkedHashMap<>();
          w.put("images_per_second_median", Results.round(medianOf(e.getValue())));
          w.put("images_per_second_rounds", e.getValue().stream().map(Results::round).toList());
          w.put("outputs", outputs(lastOutputs.get(e.getKey()), prober));
          m.put(e.getKey(), w);
        }
        double ours = medianOf(rates.get("ours_handler"));
        double ratio =
            rates.containsKey("imagemagick")
                ? ours / medianOf(rates.get("imagemagick"))
                : Double.NaN;
        m.put("ratio_ours_to_imagemagick", Results.round(ratio));
        m.put(
            "ratio_command_only_to_imagemagick",
            rates.containsKey("imagemagick")
                ? Results.round(
                    medianOf(rates.get("ours_command_only")) / medianOf(rates.get("imagemagick")))
                : null);
        m.put("goal_met", Double.isNaN(ratio) ? null : ratio >= GOAL_RATIO);
        figures.put(mode, m);
        lastOutputs.values().forEach(ThumbnailBench::deleteTree);
      }
      out.put("results", figures);
      printSummary(figures);
      return out;
    } finally {
      deleteTree(work);
    }
  }

  // ---- the three ways ----

  /**
   * The job's handler, as the worker calls it; the stored output is checked to be the planned
   * 320x180 JPEG.
   */
  private static void ours(ThumbnailJobHandler handler, Path image, Path outDir) throws Exception {
    FileExecution execution = new FileExecution(image, outDir);
    JobResult result = handler.handle(execution);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> thumbnails =
        (List<Map<String, Object>>) result.summary().get("thumbnails");
    Map<String, Object> t = thumbnails.get(0);
    if (thumbnails.size() != 1
        || !Integer.valueOf(BOX).equals(t.get("width"))
        || !Integer.valueOf(BOX * HEIGHT / WIDTH).equals(t.get("height"))) {
      throw new IllegalStateException("unexpected thumbnails " + thumbnails);
    }
  }

  /**
   * The same single ffmpeg render the handler builds for this image, without the handler's other
   * steps.
   */
  private static void commandOnly(FfmpegRunner runner, MediaLimits limits, Path image, Path outDir)
      throws IOException {
    Dimensions size = new Dimensions(WIDTH, HEIGHT).fitWithin(BOX, 4096);
    Path target = outDir.resolve(image.getFileName() + "-thumb-" + BOX + ".jpg");
    List<String> args =
        ThumbnailCommand.images(
            image,
            List.of(
                new ThumbnailCommand.Rendition(
                    "thumb-" + BOX + ".jpg", ThumbnailRequest.Format.JPEG, size, target)),
            limits.maxPixels());
    MediaTool.Outcome outcome =
        runner.run(new MediaTool.Invocation(args, PER_IMAGE_TIMEOUT, true, null, null, null));
    if (!outcome.succeeded() || !Files.isRegularFile(target)) {
      throw new IllegalStateException("ffmpeg failed on " + image + ": " + outcome.diagnostics());
    }
  }

  private static void imagemagick(Path convert, Path image, Path outDir) throws Exception {
    Path target = outDir.resolve(image.getFileName().toString().replace(".jpg", "") + "-im.jpg");
    Process p =
        new ProcessBuilder(
                convert.toString(),
                "-thumbnail",
                BOX + "x" + BOX,
                image.toString(),
                target.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      if (!p.waitFor(PER_IMAGE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "convert did not finish within " + PER_IMAGE_TIMEOUT.toSeconds() + " s");
      }
      if (p.exitValue() != 0 || !Files.isRegularFile(target)) {
        throw new IllegalStateException(
            "convert failed on " + image + " with exit code " + p.exitValue());
      }
    } finally {
      p.destroyForcibly();
    }
  }

  /** Thumbnails every image, {@code parallel} at a time; returns the wall seconds. */
  private static double pass(Way way, List<Path> images, Path outDir, int parallel)
      throws Exception {
    Files.createDirectories(outDir);
    long t0 = System.nanoTime();
    if (parallel == 1) {
      for (int i = 0; i < images.size(); i++) {
        way.thumbnail(i, images.get(i), outDir);
      }
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(parallel);
      try {
        AtomicInteger next = new AtomicInteger();
        List<Future<Void>> futures = new ArrayList<>();
        for (int t = 0; t < parallel; t++) {
          futures.add(
              pool.submit(
                  () -> {
                    for (int i = next.getAndIncrement();
                        i < images.size();
                        i = next.getAndIncrement()) {
                      way.thumbnail(i, images.get(i), outDir);
                    }
                    return null;
                  }));
        }
        for (Future<Void> f : futures) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  // ---- the stand-in job execution: local files, no database ----

  /**
   * A {@link JobExecution} whose one input is a local file and whose outputs are stored (and
   * hashed) in a dir.
   */
  private static final class FileExecution implements JobExecution {
    private static final String ASSET_ID = "bench-image";
    private final JobId jobId = JobId.random();
    private final Path input;
    private final Path outDir;

    FileExecution(Path input, Path outDir) {
      this.input = input;
      this.outDir = outDir;
    }

    @Override
    public JobId jobId() {
      return jobId;
    }

    @Override
    public TenantId tenantId() {
      return new TenantId("bench");
    }

    @Override
    public Plan plan() {
      return Plan.PRO;
    }

    @Override
    public String type() {
      return "thumbnail";
    }

    @Override
    public JobInput input() {
      return JobInput.asset(ASSET_ID);
    }

    @Override
    public Map<String, Object> params() {
      return PARAMS;
    }

    @Override
    public int attempt() {
      return 1;
    }

    @Override
    public JobAssets assets() {
      return new JobAssets() {
        @Override
        public InputAsset describe(String assetId) {
          if (!ASSET_ID.equals(assetId)) {
            throw new JobFailedException("asset_not_found", "no such asset", false);
          }
          try {
            return new InputAsset(
                assetId, input.getFileName().toString(), "image/jpeg", Files.size(input), null);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }

        @Override
        public InputStream open(String assetId) throws IOException {
          describe(assetId);
          return Files.newInputStream(input);
        }

        @Override
        public OutputAsset write(
            String name, String sourceAssetId, InputStream content, long length, String contentType)
            throws IOException {
          Path file =
              outDir.resolve(input.getFileName().toString().replace(".jpg", "") + "-" + name);
          MessageDigest sha;
          try {
            sha = MessageDigest.getInstance("SHA-256");
          } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
          }
          long size;
          try (DigestInputStream in = new DigestInputStream(content, sha);
              OutputStream os = Files.newOutputStream(file)) {
            size = in.transferTo(os);
          }
          return new OutputAsset(
              "out-" + jobId, name, contentType, size, HexFormat.of().formatHex(sha.digest()));
        }

        @Override
        public void annotate(String assetId, String key, Map<String, Object> facts) {
          describe(assetId); // the thumbnail job records none today; a real store would write the
          // asset's metadata
        }
      };
    }

    @Override
    public void reportProgress(int percent) {}

    @Override
    public boolean isCancelRequested() {
      return false;
    }

    @Override
    public void onCancel(Runnable hook) {}

    @Override
    public boolean recordEffect(String effectKey) {
      return true;
    }

    @Override
    public Map<String, Object> checkpoint() {
      return Map.of();
    }

    @Override
    public void saveCheckpoint(Map<String, Object> checkpoint) {}
  }

  // ---- helpers ----

  private static List<Path> generate(Path ffmpeg, Path dir, int count) throws Exception {
    List<String> cmd =
        List.of(
            ffmpeg.toString(),
            "-hide_banner",
            "-nostdin",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=" + WIDTH + "x" + HEIGHT + ":rate=25",
            "-vf",
            "noise=alls=12:allf=t",
            "-frames:v",
            Integer.toString(count),
            "-q:v",
            "2",
            dir.resolve("image-%04d.jpg").toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("generating the images failed: " + log);
    }
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> images = s.filter(f -> f.toString().endsWith(".jpg")).sorted().toList();
      if (images.size() != count) {
        throw new IllegalStateException("generated " + images.size() + " images, not " + count);
      }
      return images;
    }
  }

  /**
   * The first {@code convert} on the PATH that is a real executable (ELF), not a shell-script
   * stand-in.
   */
  static Optional<Path> findImageMagick() {
    for (Path candidate : convertsOnPath()) {
      if (isElf(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static List<String> skippedConverts() {
    List<String> skipped = new ArrayList<>();
    for (Path candidate : convertsOnPath()) {
      if (isElf(candidate)) {
        break;
      }
      skipped.add(candidate.toString());
    }
    return skipped;
  }

  private static List<Path> convertsOnPath() {
    List<Path> found = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path == null) {
      return found;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir, "convert");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        found.add(candidate);
      }
    }
    return found;
  }

  private static boolean isElf(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(4);
      return head.length == 4
          && head[0] == 0x7f
          && head[1] == 'E'
          && head[2] == 'L'
          && head[3] == 'F';
    } catch (IOException e) {
      return false;
    }
  }

  private static String firstLine(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes()).strip();
      p.waitFor(30, TimeUnit.SECONDS);
      int nl = text.indexOf('\n');
      return nl < 0 ? text : text.substring(0, nl);
    } catch (IOException | InterruptedException e) {
      return "unknown (" + e + ")";
    }
  }

  /** Count, mean size and the probed dimensions of one output of a pass. */
  private static Map<String, Object> outputs(Path dir, MediaProber prober) {
    Map<String, Object> m = new LinkedHashMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files = s.filter(Files::isRegularFile).sorted().toList();
      long total = 0;
      for (Path f : files) {
        total += Files.size(f);
      }
      m.put("count", files.size());
      m.put("mean_bytes", files.isEmpty() ? 0 : total / files.size());
      if (!files.isEmpty()) {
        MediaInfo info = prober.probe(files.get(0), hook -> {});
        info.firstVideo()
            .ifPresent(v -> m.put("probed", v.codec() + " " + v.width() + "x" + v.height()));
      }
    } catch (IOException | RuntimeException e) {
      m.put("error", e.toString());
    }
    return m;
  }

  private static Map<String, Object> method(int count) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "ours_handler",
        "ThumbnailJobHandler.handle in this JVM (params sizes="
            + BOX
            + ", formats=jpeg; default "
            + "MediaLimits; FfmpegRunner on the bundled ffmpeg with as many heavy slots as images in flight): copy the "
            + "input into a workspace, probe, pixel guard, one ffmpeg render, probe of the output, store (local file + "
            + "SHA-256). Storage is a local-file stand-in; no database, no HTTP, no queue.");
    m.put(
        "ours_command_only",
        "the one ffmpeg render ThumbnailCommand.images builds for the same output, through "
            + "the same FfmpegRunner, on an extension-less hard link to the image (as the handler's workspace copy "
            + "'source'): context for the handler's overhead, not the comparison");
    m.put(
        "ours_probe_only",
        "one MediaProber.probe (ffmpeg -i) of the same extension-less link: context, not the comparison");
    m.put(
        "baseline",
        "ImageMagick convert -thumbnail "
            + BOX
            + "x"
            + BOX
            + " in.jpg out.jpg, a child process each");
    m.put(
        "rounds",
        REPEATS
            + " interleaved rounds per mode after one untimed warm-up pass of 5 images per way;"
            + " images/s = "
            + count
            + " / wall seconds of the pass; medians reported");
    m.put(
        "modes",
        "sequential: one image at a time; parallel_"
            + PARALLEL
            + ": a pool of "
            + PARALLEL
            + " threads taking the next image");
    return m;
  }

  private static void printSummary(Map<String, Object> figures) {
    System.out.println();
    System.out.println("thumbnail summary (images/s, medians of " + REPEATS + "):");
    for (Map.Entry<String, Object> e : figures.entrySet()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) e.getValue();
      System.out.printf(
          "  %-11s ours (handler) %s, ours (ffmpeg command only) %s, ours (probe only) %s,"
              + " ImageMagick %s; ratio ours / ImageMagick %s (goal >= %.1f: %s)%n",
          e.getKey(),
          rate(m, "ours_handler"),
          rate(m, "ours_command_only"),
          rate(m, "ours_probe_only"),
          rate(m, "imagemagick"),
          m.get("ratio_ours_to_imagemagick") == null ? "n/a" : m.get("ratio_ours_to_imagemagick"),
          GOAL_RATIO,
          m.get("goal_met") == null
              ? "n/a (ImageMagick missing)"
              : (Boolean) m.get("goal_met") ? "met" : "NOT met");
    }
  }

  @SuppressWarnings("unchecked")
  private static String rate(Map<String, Object> m, String way) {
    Object w = m.get(way);
    return w instanceof Map<?, ?> map
        ? String.valueOf(((Map<String, Object>) map).get("images_per_second_median"))
        : "n/a";
  }

  private static int intEnv(String name, int def, int min, int max) {
    String raw = System.getenv(name);
    if (raw == null || raw.isBlank()) {
      return def;
    }
    int value;
    try {
      value = Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + raw + "'");
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  static double medianOf(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n == 0
        ? Double.NaN
        : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // best effort
                }
              });
    } catch (IOException e) {
      System.out.println("  (could not delete " + dir + " completely: " + e + ")");
    }
  }
}
