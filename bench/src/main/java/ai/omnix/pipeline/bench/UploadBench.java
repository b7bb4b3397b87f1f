package ai.omnix.pipeline.bench;

import ai.omnix.pipeline.testkit.SharedPostgres;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Benchmark 4: upload throughput of one large file, and the heap while it streams through. One
 * generated file of BENCH_UPLOAD_MB MiB (a real 16x16 PNG made with ImageIO, then pseudo-random
 * bytes, so the sniffer says image/png), written once to a temp directory, is uploaded:
 *
 * <ul>
 *   <li>local: ours = {@code POST /v1/assets?filename=x.png} with the file as the raw body
 *       (HttpClient {@code BodyPublishers.ofFile}, so a Content-Length is sent) to the app in this
 *       JVM with {@code omnix.storage.backend=local}; baseline = {@code Files.copy} of the same
 *       file on the same file system. Also recorded, for context only: {@code Files.copy} followed
 *       by an fsync of the copy.
 *   <li>s3: the same upload with {@code omnix.storage.backend=s3} pointed at S3Proxy in this JVM
 *       (filesystem store in the same temp directory); baseline = a bare AWS SDK v2 {@code
 *       S3Client.putObject(RequestBody.fromFile)} of the same file to the same S3Proxy.
 * </ul>
 *
 * Each pair is measured {@value #REPEATS} times, interleaved (ours, baseline, ours, ...), after an
 * untimed warm-up with the small file; the small file (BENCH_UPLOAD_MB/8) is then measured the same
 * way. Around every transfer the used heap is read after {@code System.gc()} before and after, and
 * sampled every 100 ms during it. With BENCH_UPLOAD_PROFILE=1 (default), one more, untimed upload
 * per backend is made while {@code jcmd <pid> Thread.print} takes thread dumps
 * (bench/results/logs/upload-&lt;backend&gt;-threads-&lt;i&gt;.txt). Every asset, blob, object,
 * temp file and directory is deleted at the end.
 */
final class UploadBench {
  static final double GOAL_RATIO = 0.8;
  private static final int REPEATS = 3;
  private static final long MIB = 1024L * 1024;
  private static final int DUMPS = 6;
  private static final String S3_ACCESS_KEY = "bench-access";
  private static final String S3_SECRET_KEY = "bench-secret-key-0123456789";
  private static final String BUCKET = "omnix-bench";
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private UploadBench() {}

  /** The generated upload file. */
  record TestFile(Path path, long bytes, String sha256) {
    long mib() {
      return bytes / MIB;
    }
  }

  /** One transfer of a file by one of the measured ways. */
  @FunctionalInterface
  interface Transfer {
    void run(TestFile file) throws Exception;
  }

  /** Undoes one transfer (deletes the asset, copy or object), untimed. */
  @FunctionalInterface
  interface Cleanup {
    void run() throws Exception;
  }

  record Way(String label, Transfer transfer, Cleanup cleanup) {}

  /**
   * Used heap in bytes: after System.gc() before and after the transfer, and the highest 100 ms
   * sample during it; also the collections during the transfer and the bytes allocated meanwhile by
   * the threads alive at its end.
   */
  record Heap(
      long beforeAfterGc,
      long afterAfterGc,
      long maxSampled,
      int samples,
      long collections,
      long allocated) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("used_before_mib_after_gc", mib(beforeAfterGc));
      m.put("used_after_mib_after_gc", mib(afterAfterGc));
      m.put("retained_growth_mib", mib(afterAfterGc - beforeAfterGc));
      m.put("max_sampled_used_mib", mib(maxSampled));
      m.put("max_sampled_above_before_mib", mib(maxSampled - beforeAfterGc));
      m.put("samples", samples);
      m.put("gc_collections_during", collections);
      m.put("allocated_mib_approx", allocated < 0 ? null : mib(allocated));
      return m;
    }
  }

  /**
   * One transfer. {@code cpuSeconds} is this whole JVM's CPU time (user and system) during it:
   * client, server and S3Proxy alike; unlike wall time it hardly depends on what else the machine
   * runs.
   */
  record Run(String way, long bytes, double seconds, double cpuSeconds, Heap heap) {
    double mibPerSecond() {
      return bytes / (double) MIB / seconds;
    }

    double cpuMsPerMib() {
      return cpuSeconds * 1000 / (bytes / (double) MIB);
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("way", way);
      m.put("bytes", bytes);
      m.put("seconds", Results.round(seconds));
      m.put("mib_per_second", Results.round(mibPerSecond()));
      m.put("process_cpu_ms_per_mib", Results.round(cpuMsPerMib()));
      m.put("heap", heap.toMap());
      return m;
    }
  }

  static Map<String, Object> run(BenchConfig config) throws Exception {
    Map<String, Object> out = Results.header("upload", config);
    System.setProperty("java.awt.headless", "true");
    long bigBytes = config.uploadMb() * MIB;
    long smallBytes = Math.max(1, config.uploadMb() / 8) * MIB;
    Path work = Files.createTempDirectory("omnix-bench-upload-");
    List<Path> appDirs = new ArrayList<>();
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    try {
      FileStore store = Files.getFileStore(work);
      System.out.printf(
          "%n== upload: generating %d MiB and %d MiB files in %s (file system %s, %s) ==%n",
          bigBytes / MIB, smallBytes / MIB, work, store.name(), store.type());
      long g0 = System.nanoTime();
      TestFile big = generate(work.resolve("upload-big.bin"), bigBytes, 1);
      TestFile small = generate(work.resolve("upload-small.bin"), smallBytes, 2);
      System.out.printf("generated in %.1f s%n", (System.nanoTime() - g0) / 1e9);
      Map<String, Object> file = new LinkedHashMap<>();
      file.put("big_mib", big.mib());
      file.put("small_mib", small.mib());
      file.put(
          "content",
          "a 16x16 PNG written by ImageIO ("
              + smallPng().length
              + " bytes), then pseudo-random "
              + "bytes (SplittableRandom); sniffed as image/png");
      file.put("directory", work.toString());
      file.put("file_system", store.name() + " (" + store.type() + ")");
      file.put(
          "written",
          "once per file, then fsynced, before any measurement; later reads come from the page cache");
      out.put("file", file);
      out.put("method", method(config));
      out.put("context", context(big));

      out.put("local", local(config, http, work, big, small, appDirs));
      out.put("s3", s3(config, http, work, big, small, appDirs));
      out.put("load_average_at_end", Results.loadAverage());
      summary(out);
    } finally {
      // (java.net.http.HttpClient has no close() before Java 21; its threads are daemons)
      deleteTree(work);
      for (Path dir : appDirs) {
        deleteTree(dir);
      }
    }
    out.put("cleanup", "deleted " + work + " and the apps' data directories");
    return out;
  }

  // ----------------------------------------------------------------------------------------------
  // local backend

  private static Map<String, Object> local(
      BenchConfig config,
      HttpClient http,
      Path work,
      TestFile big,
      TestFile small,
      List<Path> appDirs)
      throws Exception {
    Path blobRoot = Files.createDirectories(work.resolve("local-blobs"));
    Path copy = work.resolve("baseline-copy.bin");
    System.out.printf(
        "%n== upload, local: ours = POST /v1/assets (storage local, root %s) | baseline = "
            + "Files.copy to %s ==%n",
        blobRoot, copy);
    Map<String, Object> result;
    try (PipelineApp app =
        PipelineApp.start(
            SharedPostgres.newDatabase("bench_upload_local"),
            "api",
            Map.of(
                "omnix.storage.backend",
                "local",
                "omnix.storage.local.root",
                blobRoot.toString()))) {
      appDirs.add(app.dataDir);
      Way ours = apiWay(http, app);
      Way baseline =
          new Way("Files.copy", f -> Files.copy(f.path(), copy), () -> Files.deleteIfExists(copy));
      Way copyAndFsync =
          new Way(
              "Files.copy + fsync",
              f -> {
                Files.copy(f.path(), copy);
                try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                  ch.force(true);
                }
              },
              () -> Files.deleteIfExists(copy));
      result = measure(config, "local", big, small, ours, baseline, copyAndFsync);
      result.put(
          "app",
          "in-process, omnix.roles=api, omnix.storage.backend=local, omnix.storage.local.root="
              + blobRoot);
    }
    List<Path> left = regularFiles(blobRoot);
    result.put("blobs_left_after_deletes", left.size());
    if (!left.isEmpty()) {
      System.out.println(
          "  WARNING: files left in the blob root after deleting every asset: " + left);
    }
    return result;
  }

  // ------------------------------------------------------------------------------------------------- s3 backend

  private static Map<String, Object> s3(
      BenchConfig config,
      HttpClient http,
      Path work,
      TestFile big,
      TestFile small,
      List<Path> appDirs)
      throws Exception {
    Path proxyData = Files.createDirectories(work.resolve("s3proxy-data"));
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", proxyData.toString());
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(BlobStores.create("filesystem", properties))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3_ACCESS_KEY, S3_SECRET_KEY)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .maxSinglePartObjectSize(Math.max(5L * 1024 * MIB, 2 * big.bytes()))
            .build();
    proxy.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("S3Proxy did not start within 30 s: " + proxy.getState());
        }
        Thread.sleep(10);
      }
      URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
      System.out.printf(
          "%n== upload, s3: S3Proxy %s (filesystem store in %s); ours = POST /v1/assets (storage s3) "
              + "| baseline = S3Client.putObject(RequestBody.fromFile) ==%n",
          endpoint, proxyData);
      Map<String, Object> result;
      try (S3Client bare =
          S3Client.builder()
              // the same HTTP client and timeouts as the app's S3BlobStore
              .httpClientBuilder(
                  UrlConnectionHttpClient.builder()
                      .connectionTimeout(Duration.ofSeconds(10))
                      .socketTimeout(Duration.ofSeconds(60)))
              .endpointOverride(endpoint)
              .forcePathStyle(true)
              .region(Region.US_EAST_1)
              .credentialsProvider(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create(S3_ACCESS_KEY, S3_SECRET_KEY)))
              .overrideConfiguration(o -> o.apiCallTimeout(transferTimeout(big.bytes())))
              .build()) {
        bare.createBucket(b -> b.bucket(BUCKET));
        Map<String, String> props = new LinkedHashMap<>();
        props.put("omnix.storage.backend", "s3");
        props.put("omnix.storage.s3.endpoint", endpoint.toString());
        props.put("omnix.storage.s3.bucket", BUCKET);
        props.put("omnix.storage.s3.region", "us-east-1");
        props.put("omnix.storage.s3.access-key-id", S3_ACCESS_KEY);
        props.put("omnix.storage.s3.secret-access-key", S3_SECRET_KEY);
        props.put("omnix.storage.s3.path-style", "true");
        try (PipelineApp app =
            PipelineApp.start(SharedPostgres.newDatabase("bench_upload_s3"), "api", props)) {
          appDirs.add(app.dataDir);
          Way ours = apiWay(http, app);
          String key = "baseline/x.png";
          Way baseline =
              new Way(
                  "S3Client.putObject(RequestBody.fromFile)",
                  f -> {
                    bare.putObject(
                        b -> b.bucket(BUCKET).key(key).contentType("image/png"),
                        RequestBody.fromFile(f.path()));
                  },
                  () -> {
                    long stored = bare.headObject(b -> b.bucket(BUCKET).key(key)).contentLength();
                    bare.deleteObject(b -> b.bucket(BUCKET).key(key));
                    if (stored <= 0) {
                      throw new IllegalStateException(
                          "the baseline object had " + stored + " bytes");
                    }
                  });
          result = measure(config, "s3", big, small, ours, baseline, null);
          result.put(
              "app",
              "in-process, omnix.roles=api, omnix.storage.backend=s3, endpoint "
                  + endpoint
                  + ", bucket "
                  + BUCKET
                  + ", path-style");
          result.put(
              "s3proxy",
              "org.gaul:s3proxy in this JVM, filesystem store under "
                  + proxyData
                  + ", AWS V2/V4 authentication");
        }
        List<S3Object> left = bare.listObjectsV2(b -> b.bucket(BUCKET)).contents();
        result.put("objects_left_after_deletes", left.size());
        if (!left.isEmpty()) {
          System.out.println(
              "  WARNING: objects left in the bucket after deleting every asset: "
                  + left.stream().map(S3Object::key).toList());
          for (S3Object o : left) {
            bare.deleteObject(b -> b.bucket(BUCKET).key(o.key()));
          }
        }
        bare.deleteBucket(b -> b.bucket(BUCKET));
      }
      return result;
    } finally {
      proxy.stop();
    }
  }

  // ------------------------------------------------------------------------------------------------ measurement

  /**
   * Ours: the raw body streamed from the file, Content-Length from the publisher; the asset is
   * deleted after.
   */
  private static Way apiWay(HttpClient http, PipelineApp app) {
    AtomicReference<String> lastId = new AtomicReference<>();
    Transfer upload =
        f -> {
          HttpRequest request =
              HttpRequest.newBuilder(URI.create(app.baseUrl + "/v1/assets?filename=x.png"))
                  .timeout(transferTimeout(f.bytes()))
                  .header("Authorization", "Bearer " + app.adminKey)
                  .header("Content-Type", "application/octet-stream")
                  .POST(HttpRequest.BodyPublishers.ofFile(f.path()))
                  .build();
          HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() != 201) {
            throw new IllegalStateException(
                "POST /v1/assets answered "
                    + response.statusCode()
                    + ": "
                    + ApiClient.abbreviate(response.body()));
          }
          Map<String, Object> asset = ApiClient.parse(response.body());
          lastId.set((String) asset.get("id"));
          if (((Number) asset.get("size")).longValue() != f.bytes()
              || !f.sha256().equals(asset.get("sha256"))
              || !"image/png".equals(asset.get("content_type"))) {
            throw new IllegalStateException(
                "the stored asset does not match the file: " + response.body());
          }
        };
    Cleanup delete =
        () -> {
          String id = lastId.getAndSet(null);
          if (id == null) {
            return;
          }
          HttpResponse<String> response =
              http.send(
                  HttpRequest.newBuilder(URI.create(app.baseUrl + "/v1/assets/" + id))
                      .timeout(Duration.ofSeconds(60))
                      .header("Authorization", "Bearer " + app.adminKey)
                      .DELETE()
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() != 204) {
            throw new IllegalStateException(
                "DELETE /v1/assets/" + id + " answered " + response.statusCode());
          }
        };
    return new Way("POST /v1/assets (raw body)", upload, delete);
  }

  private static Map<String, Object> measure(
      BenchConfig config,
      String backend,
      TestFile big,
      TestFile small,
      Way ours,
      Way baseline,
      Way extra)
      throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    List<Map<String, Object>> warmup = new ArrayList<>();
    warmup.add(timed(ours, small).toMap());
    warmup.add(timed(baseline, small).toMap());
    if (extra != null) {
      warmup.add(timed(extra, small).toMap());
    }
    System.out.printf("warm-up (%d MiB, untimed): done%n", small.mib());

    Map<String, Object> bigResult = series(backend, big, ours, baseline, extra);
    Map<String, Object> smallResult = series(backend, small, ours, baseline, extra);
    m.put("big", bigResult);
    m.put("small", smallResult);
    m.put("warmup", warmup);

    if (config.uploadProfile()) {
      double expected = (Double) bigResult.get("ours_median_seconds");
      m.put("thread_dumps", profile(config, backend, ours, big, expected));
    }
    return m;
  }

  /** {@value #REPEATS} interleaved rounds of ours, baseline (and the extra way) with one file. */
  private static Map<String, Object> series(
      String backend, TestFile file, Way ours, Way baseline, Way extra) throws Exception {
    List<Run> oursRuns = new ArrayList<>();
    List<Run> baselineRuns = new ArrayList<>();
    List<Run> extraRuns = new ArrayList<>();
    for (int i = 1; i <= REPEATS; i++) {
      Run o = timed(ours, file);
      oursRuns.add(o);
      Run b = timed(baseline, file);
      baselineRuns.add(b);
      String extraText = "";
      if (extra != null) {
        Run e = timed(extra, file);
        extraRuns.add(e);
        extraText = String.format(" | %s %.1f MiB/s", extra.label(), e.mibPerSecond());
      }
      System.out.printf(
          "%s %d MiB, round %d: ours %.1f MiB/s (%.2f s, CPU %.2f ms/MiB; heap after GC %d -> %d"
              + " MiB, max sampled %d MiB, ~%d MiB allocated, %d GCs) | baseline %.1f MiB/s (%.2f s,"
              + " CPU %.2f ms/MiB)%s | load average %s%n",
          backend,
          file.mib(),
          i,
          o.mibPerSecond(),
          o.seconds(),
          o.cpuMsPerMib(),
          mib(o.heap().beforeAfterGc()),
          mib(o.heap().afterAfterGc()),
          mib(o.heap().maxSampled()),
          mib(o.heap().allocated()),
          o.heap().collections(),
          b.mibPerSecond(),
          b.seconds(),
          b.cpuMsPerMib(),
          extraText,
          Results.loadAverage());
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mib", file.mib());
    double oursMedian = median(oursRuns, Run::mibPerSecond);
    double baselineMedian = median(baselineRuns, Run::mibPerSecond);
    m.put("ours", ours.label());
    m.put("baseline", baseline.label());
    m.put("ours_median_mib_per_second", Results.round(oursMedian));
    m.put("ours_median_seconds", Results.round(median(oursRuns, Run::seconds)));
    m.put("baseline_median_mib_per_second", Results.round(baselineMedian));
    m.put("ratio_ours_over_baseline", Results.round(oursMedian / baselineMedian));
    m.put("ours_median_process_cpu_ms_per_mib", Results.round(median(oursRuns, Run::cpuMsPerMib)));
    m.put(
        "baseline_median_process_cpu_ms_per_mib",
        Results.round(median(baselineRuns, Run::cpuMsPerMib)));
    m.put("goal_ratio_at_least", GOAL_RATIO);
    m.put("goal_met", oursMedian / baselineMedian >= GOAL_RATIO);
    if (extra != null) {
      double extraMedian = median(extraRuns, Run::mibPerSecond);
      m.put("extra", extra.label() + " (context only, not the baseline)");
      m.put("extra_median_mib_per_second", Results.round(extraMedian));
      m.put("ratio_ours_over_extra", Results.round(oursMedian / extraMedian));
    }
    m.put("ours_heap_worst_of_runs", worstHeap(oursRuns));
    m.put("baseline_heap_worst_of_runs", worstHeap(baselineRuns));
    m.put("ours_runs", oursRuns.stream().map(Run::toMap).toList());
    m.put("baseline_runs", baselineRuns.stream().map(Run::toMap).toList());
    if (extra != null) {
      m.put("extra_runs", extraRuns.stream().map(Run::toMap).toList());
    }
    System.out.printf(
        "%s %d MiB: median ours %.1f MiB/s, baseline %.1f MiB/s, ratio %.2f (goal >= %.1f: %s)%n",
        backend,
        file.mib(),
        oursMedian,
        baselineMedian,
        oursMedian / baselineMedian,
        GOAL_RATIO,
        oursMedian / baselineMedian >= GOAL_RATIO ? "met" : "not met");
    return m;
  }

  private static Run timed(Way way, TestFile file) throws Exception {
    long before = usedAfterGc();
    long gcBefore = collections();
    Map<Long, Long> allocBefore = allocatedByThread();
    HeapSampler sampler = new HeapSampler();
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    try {
      way.transfer().run(file);
    } finally {
      sampler.close();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
    long gcDuring = collections() - gcBefore;
    long allocated = allocatedSince(allocBefore);
    long after = usedAfterGc();
    way.cleanup().run();
    return new Run(
        way.label(),
        file.bytes(),
        seconds,
        cpuSeconds,
        new Heap(before, after, sampler.max(), sampler.samples(), gcDuring, allocated));
  }

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }

  private static long collections() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }

  /**
   * Bytes allocated so far per live thread (HotSpot's com.sun.management.ThreadMXBean); empty if
   * unsupported.
   */
  private static Map<Long, Long> allocatedByThread() {
    Map<Long, Long> m = new java.util.HashMap<>();
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
        && threads.isThreadAllocatedMemorySupported()
        && threads.isThreadAllocatedMemoryEnabled()) {
      long[] ids = threads.getAllThreadIds();
      long[] bytes = threads.getThreadAllocatedBytes(ids);
      for (int i = 0; i < ids.length; i++) {
        if (bytes[i] >= 0) {
          m.put(ids[i], bytes[i]);
        }
      }
    }
    return m;
  }

  /**
   * Allocated since {@code before} by the threads alive now (threads that ended meanwhile are
   * missed); -1 unknown.
   */
  private static long allocatedSince(Map<Long, Long> before) {
    if (before.isEmpty()) {
      return -1;
    }
    long total = 0;
    for (Map.Entry<Long, Long> e : allocatedByThread().entrySet()) {
      total += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    }
    return total;
  }

  private static Map<String, Object> worstHeap(List<Run> runs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "max_retained_growth_mib",
        mib(
            runs.stream()
                .mapToLong(r -> r.heap().afterAfterGc() - r.heap().beforeAfterGc())
                .max()
                .orElse(0)));
    m.put(
        "max_sampled_above_before_mib",
        mib(
            runs.stream()
                .mapToLong(r -> r.heap().maxSampled() - r.heap().beforeAfterGc())
                .max()
                .orElse(0)));
    m.put(
        "max_sampled_used_mib",
        mib(runs.stream().mapToLong(r -> r.heap().maxSampled()).max().orElse(0)));
    return m;
  }

  private static long usedAfterGc() {
    System.gc();
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  /** Samples the used heap every 100 ms (garbage not yet collected included) until closed. */
  private static final class HeapSampler implements AutoCloseable {
    private final Thread thread;
    private volatile boolean stop;
    private long max;
    private int samples;

    HeapSampler() {
      sample();
      thread =
          new Thread(
              () -> {
                while (!stop) {
                  try {
                    Thread.sleep(100);
                  } catch (InterruptedException e) {
                    return;
                  }
                  sample();
                }
              },
              "bench-heap-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    private synchronized void sample() {
      max = Math.max(max, MEMORY.getHeapMemoryUsage().getUsed());
      samples++;
    }

    @Override
    public void close() {
      stop = true;
      thread.interrupt();
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      sample();
    }

    synchronized long max() {
      return max;
    }

    synchronized int samples() {
      return samples;
    }
  }

  // --------------------------------------------------------------------------------------------------- profiling

  /**
   * One more upload of the big file, not measured, during which {@value #DUMPS} thread dumps are
   * taken with {@code jcmd <this pid> Thread.print}, spread over the expected duration. Each dump
   * is kept under bench/results/logs/, and the busy threads' top frames are printed.
   */
  private static Map<String, Object> profile(
      BenchConfig config, String backend, Way ours, TestFile big, double expectedSeconds)
      throws Exception {
    Path logs = Files.createDirectories(config.resultsDir().resolve("logs"));
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    long pid = ProcessHandle.current().pid();
    System.out.printf(
        "%s: profiling one more, untimed %d MiB upload with %d thread dumps (jcmd %d Thread.print)%n",
        backend, big.mib(), DUMPS, pid);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread upload =
        new Thread(
            () -> {
              try {
                ours.transfer().run(big);
              } catch (Throwable e) {
                failure.set(e);
              }
            },
            "bench-profiled-upload");
    List<String> files = new ArrayList<>();
    long t0 = System.nanoTime();
    upload.start();
    for (int i = 1; i <= DUMPS; i++) {
      long at = t0 + (long) (expectedSeconds * 1e9 * i / (DUMPS + 1));
      long wait = at - System.nanoTime();
      if (wait > 0) {
        upload.join(Math.max(1, wait / 1_000_000));
      }
      if (!upload.isAlive()) {
        break;
      }
      Path dump = logs.resolve("upload-" + backend + "-threads-" + i + ".txt");
      Process p =
          new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "Thread.print")
              .redirectErrorStream(true)
              .redirectOutput(dump.toFile())
              .start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      files.add(dump.getFileName().toString());
      System.out.printf("  dump %d at %.1f s: busy threads%n", i, (System.nanoTime() - t0) / 1e9);
      for (String line : busyThreads(Files.readAllLines(dump))) {
        System.out.println("    " + line);
      }
    }
    upload.join(transferTimeout(big.bytes()).toMillis());
    ours.cleanup().run();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("files", files);
    m.put("upload_seconds_while_profiled", Results.round((System.nanoTime() - t0) / 1e9));
    m.put("upload_failure", failure.get() == null ? null : failure.get().toString());
    return m;
  }

  /**
   * The threads of a dump worth reading: RUNNABLE ones not parked in a selector, accept or a pipe
   * read, and any thread running the application's own code (whatever its state), each with its
   * state and top frames.
   */
  static List<String> busyThreads(List<String> dump) {
    List<String> out = new ArrayList<>();
    String name = null;
    String state = null;
    List<String> frames = new ArrayList<>();
    for (String raw : dump) {
      String line = raw.strip();
      if (raw.startsWith("\"")) {
        flush(out, name, state, frames);
        name = raw.substring(1, raw.indexOf('"', 1));
        state = null;
        frames = new ArrayList<>();
      } else if (line.startsWith("java.lang.Thread.State:")) {
        state = line.substring("java.lang.Thread.State:".length()).strip();
      } else if (line.startsWith("at ")) {
        // "(java.base@17.0.15/Foo.java:1)" -> "(Foo.java:1)"
        frames.add(line.substring(3).replaceAll("\\([\\w.]+@[^/]*/", "("));
      }
    }
    flush(out, name, state, frames);
    return out;
  }

  private static void flush(List<String> out, String name, String state, List<String> frames) {
    if (name == null || state == null || frames.isEmpty()) {
      return;
    }
    String top = frames.get(0);
    boolean ours =
        frames.stream()
            .anyMatch(f -> f.startsWith("ai.omnix.") && !f.startsWith("ai.omnix.pipeline.bench."));
    boolean idle =
        top.contains("epollWait")
            || top.contains("EPoll.wait")
            || top.contains("accept")
            || top.contains("socketAccept")
            || top.contains("waitForReferencePendingList")
            || top.contains("waitForProcessExit")
            || top.contains("Thread.print")
            || top.contains("getThreadInfo")
            || name.startsWith("bench-")
            || name.startsWith("Attach")
            || name.startsWith("main")
            || (name.startsWith("postgres:") && top.contains("readBytes"));
    if (ours || (state.startsWith("RUNNABLE") && !idle)) {
      String omnix =
          frames.stream().filter(f -> f.startsWith("ai.omnix.")).findFirst().orElse(null);
      List<String> shown = frames.subList(0, Math.min(5, frames.size()));
      out.add(
          name
              + " ["
              + state
              + "]: "
              + String.join(" <- ", shown)
              + (omnix != null && !shown.contains(omnix) ? " <- ... <- " + omnix : ""));
    }
  }

  /**
   * For reading the figures, not a baseline: how fast this JVM reads the big file from the page
   * cache and hashes it with SHA-256 (what the API does to every upload), median of {@value
   * #REPEATS}.
   */
  private static Map<String, Object> context(TestFile big) throws Exception {
    List<Double> read = new ArrayList<>();
    List<Double> hashed = new ArrayList<>();
    byte[] buffer = new byte[64 * 1024];
    for (int i = 0; i < REPEATS; i++) {
      for (boolean hash : new boolean[] {false, true}) {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long t0 = System.nanoTime();
        try (java.io.InputStream in = Files.newInputStream(big.path())) {
          int n;
          while ((n = in.read(buffer)) != -1) {
            if (hash) {
              sha.update(buffer, 0, n);
            }
          }
        }
        double mibPerSecond = big.bytes() / (double) MIB / ((System.nanoTime() - t0) / 1e9);
        (hash ? hashed : read).add(mibPerSecond);
        if (hash && !HexFormat.of().formatHex(sha.digest()).equals(big.sha256())) {
          throw new IllegalStateException("the file's SHA-256 changed");
        }
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("read_64k_buffers_mib_per_second", Results.round(medianOf(read)));
    m.put("read_and_sha256_mib_per_second", Results.round(medianOf(hashed)));
    System.out.printf(
        "context: this JVM reads the %d MiB file at %.0f MiB/s, and reads + SHA-256 at %.0f MiB/s%n",
        big.mib(), medianOf(read), medianOf(hashed));
    return m;
  }

  private static double medianOf(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  // ------------------------------------------------------------------------------------------------ the test file

  /**
   * A real PNG (16x16, ImageIO), then pseudo-random bytes up to {@code bytes}; fsynced; SHA-256
   * computed.
   */
  static TestFile generate(Path path, long bytes, long seed) throws Exception {
    byte[] png = smallPng();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    SplittableRandom random = new SplittableRandom(seed);
    byte[] chunk = new byte[(int) MIB];
    ByteBuffer longs = ByteBuffer.wrap(chunk);
    try (FileChannel ch =
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long written = 0;
      while (written < bytes) {
        longs.clear();
        while (longs.hasRemaining()) {
          longs.putLong(random.nextLong());
        }
        if (written == 0) {
          System.arraycopy(png, 0, chunk, 0, png.length);
        }
        int n = (int) Math.min(chunk.length, bytes - written);
        sha.update(chunk, 0, n);
        ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, n);
        while (buffer.hasRemaining()) {
          ch.write(buffer);
        }
        written += n;
      }
      ch.force(true);
    }
    return new TestFile(path, bytes, HexFormat.of().formatHex(sha.digest()));
  }

  static byte[] smallPng() throws IOException {
    BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 16; x++) {
      for (int y = 0; y < 16; y++) {
        image.setRGB(x, y, (x * 16) << 16 | (y * 16) << 8 | 0x80);
      }
    }
    ImageIO.setUseCache(false);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "png", png)) {
      throw new IllegalStateException("ImageIO has no PNG writer");
    }
    return png.toByteArray();
  }

  // ------------------------------------------------------------------------------------------------------ helpers

  /** Generous, but bounded: 2 minutes plus 2 MiB/s. */
  static Duration transferTimeout(long bytes) {
    return Duration.ofSeconds(120 + bytes / (2 * MIB));
  }

  private static double median(List<Run> runs, ToDoubleFunction<Run> f) {
    return medianOf(runs.stream().map(f::applyAsDouble).toList());
  }

  private static long mib(long bytes) {
    return Math.round(bytes / (double) MIB);
  }

  private static List<Path> regularFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }

  private static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.out.println("  (could not delete " + dir + " completely: " + e + ")");
    }
  }

  private static Map<String, Object> method(BenchConfig config) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("units", "MiB = 2^20 bytes; throughput = file bytes / wall time of one transfer, MiB/s");
    m.put(
        "ours",
        "POST /v1/assets?filename=x.png, raw body streamed from the file with java.net.http.HttpClient "
            + "(HTTP/1.1, BodyPublishers.ofFile, Content-Length sent), tenant 'admin' (enterprise plan, 20 GB limit) "
            + "via omnix.api.bootstrap-api-key; timed from send to the 201 response; the response's size, sha256 and "
            + "content_type are checked, then the asset is deleted with DELETE /v1/assets/{id} (untimed)");
    m.put(
        "baseline_local",
        "java.nio.file.Files.copy(file, copy) on the same file system, copy deleted after "
            + "(untimed)");
    m.put(
        "extra_local",
        "Files.copy then FileChannel.force(true) on the copy: context only (the app's local store "
            + "fsyncs each blob), not the baseline");
    m.put(
        "baseline_s3",
        "AWS SDK v2 S3Client (url-connection HTTP client, path-style) putObject("
            + "RequestBody.fromFile(file)) to the same S3Proxy and bucket, object deleted after (untimed)");
    m.put(
        "schedule",
        "per backend: an untimed warm-up with the small file (ours, baseline), then "
            + REPEATS
            + " rounds of (ours, baseline) with the big file, then "
            + REPEATS
            + " rounds with the small file; "
            + "medians of the "
            + REPEATS
            + " rounds");
    m.put(
        "heap",
        "java.lang.management MemoryMXBean heap used: read after System.gc() just before and just after "
            + "each transfer, and sampled every 100 ms during it (samples include garbage not yet collected). The app, "
            + "the HTTP client, S3Proxy and the baseline all run in this one JVM (-Xmx3g, default GC), so the figures "
            + "cover all of them. Also: GC collections during the transfer, and the bytes allocated meanwhile by the "
            + "threads still alive at its end (HotSpot per-thread allocation counters; approximate)");
    m.put(
        "profiling",
        config.uploadProfile()
            ? "after the measured rounds, one more untimed upload of the big file per backend with "
                + DUMPS
                + " jcmd Thread.print dumps (bench/results/logs/upload-<backend>-threads-<i>.txt)"
            : "off (BENCH_UPLOAD_PROFILE=0)");
    return m;
  }

  @SuppressWarnings("unchecked")
  private static void summary(Map<String, Object> out) {
    System.out.println();
    System.out.println("upload summary (MiB/s, medians of " + REPEATS + "):");
    for (String backend : List.of("local", "s3")) {
      Map<String, Object> b = (Map<String, Object>) out.get(backend);
      for (String size : List.of("big", "small")) {
        Map<String, Object> s = (Map<String, Object>) b.get(size);
        System.out.printf(
            "  %-5s %5d MiB: ours %s, baseline %s, ratio %s (goal >= %.1f: %s)%s; ours heap: "
                + "retained growth <= %s MiB, max sampled <= %s MiB above the pre-upload level%n",
            backend,
            s.get("mib"),
            s.get("ours_median_mib_per_second"),
            s.get("baseline_median_mib_per_second"),
            s.get("ratio_ours_over_baseline"),
            GOAL_RATIO,
            Boolean.TRUE.equals(s.get("goal_met")) ? "met" : "not met",
            s.containsKey("extra") ? "; copy+fsync " + s.get("extra_median_mib_per_second") : "",
            ((Map<String, Object>) s.get("ours_heap_worst_of_runs")).get("max_retained_growth_mib"),
            ((Map<String, Object>) s.get("ours_heap_worst_of_runs"))
                .get("max_sampled_above_before_mib"));
      }
    }
  }
}
