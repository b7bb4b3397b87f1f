package ai.omnix.pipeline.bench;

import ai.omnix.pipeline.media.MediaInfo;
import ai.omnix.pipeline.media.MediaLimits;
import ai.omnix.pipeline.media.MediaProber;
import ai.omnix.pipeline.media.ffmpeg.FfmpegRunner;
import ai.omnix.pipeline.media.transcode.TranscodeCommand;
import ai.omnix.pipeline.media.transcode.TranscodePlan;
import ai.omnix.pipeline.media.transcode.TranscodeRequest;
import ai.omnix.pipeline.testkit.SharedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Benchmark 5: the wall time of one {@code transcode} job against the bare ffmpeg command line it
 * runs.
 *
 * <p>One source is generated with JAVE's bundled ffmpeg: 1920x1080, 25 fps, BENCH_TRANSCODE_SECONDS
 * long (default 20), H.264 (libx264 veryfast) + AAC, from the lavfi {@code testsrc2} and {@code
 * sine} sources. It is uploaded once through {@code POST /v1/assets} to the app in this JVM (roles
 * api,worker, local storage in a temp directory). Then, after untimed warm-ups
 * (BENCH_TRANSCODE_WARMUPS jobs, default 3, so the worker's code is compiled as in a worker that
 * has run jobs before, and one CLI run), BENCH_TRANSCODE_ROUNDS (default 5) interleaved rounds of:
 *
 * <ul>
 *   <li>ours: {@code POST /v1/jobs} {@code
 *       {"type":"transcode","input":{"asset_id":…},"params":{"preset": "web-720p"}}}, followed by
 *       {@code GET /v1/jobs/{id}} every BENCH_TRANSCODE_POLL_MS (default 1000) ms; the job's wall
 *       time runs from just before the submit to the job's {@code finished_at}: dispatch, copy of
 *       the source out of storage, probe, ffmpeg, probe of the output, upload of the rendition,
 *       completion (the time until a poll saw it is recorded too);
 *   <li>baseline: the same ffmpeg arguments, built by the same public code the job uses ({@link
 *       TranscodePlan#of}, {@link TranscodeCommand#arguments}) from a probe of the same file, run
 *       directly with a {@link ProcessBuilder} on the generated source file (stdout discarded, as a
 *       shell's {@code >/dev/null}), timed from start to exit.
 * </ul>
 *
 * A sampler thread lists this JVM's child processes every {@value #SAMPLE_MS} ms, during both ways
 * alike, to see when the job's ffmpeg processes (probe, transcode, probe) start and end and with
 * which arguments: so the job's wall time splits into before, during and after its transcode
 * process, and its arguments are compared with the baseline's. Per run, CPU seconds are split into
 * ffmpeg, this JVM, the embedded PostgreSQL and the rest of the machine. Each round's rendition is
 * downloaded (untimed) and its size recorded beside the CLI output's. After the measured rounds,
 * one more untimed job runs while {@code jcmd <pid> Thread.print} takes thread dumps
 * (bench/results/logs/transcode-threads-&lt;i&gt;-&lt;phase&gt;.txt). Everything lives in one temp
 * directory, deleted at the end; all traffic is on loopback and ffmpeg may only open files.
 */
final class TranscodeBench {
  static final double GOAL_RATIO = 1.05;

  /** The CLI figure quoted by the issue for 1080p→720p veryfast on 2 cores, measured elsewhere. */
  static final double ANCHOR_REALTIME_FACTOR = 2.57;

  static final String PRESET = "web-720p";
  private static final int REPEATS = BenchConfig.intEnv("BENCH_TRANSCODE_ROUNDS", 5, 1, 50);
  private static final int WARMUPS = BenchConfig.intEnv("BENCH_TRANSCODE_WARMUPS", 3, 1, 50);
  private static final long POLL_MS = BenchConfig.intEnv("BENCH_TRANSCODE_POLL_MS", 1000, 20, 5000);
  private static final long SAMPLE_MS = 50;
  private static final long SETTLE_MS = 2_000;
  private static final int MAX_DUMPS = 8;

  private TranscodeBench() {}

  /** One ffmpeg child process of this JVM, as the sampler saw it. Times are System.nanoTime(). */
  record Seen(long pid, List<String> arguments, long firstSeen, long gone, double cpuSeconds) {
    boolean transcode() {
      return arguments.contains("-progress");
    }

    double seconds() {
      return (gone - firstSeen) / 1e9;
    }
  }

  /** One measured (or warm-up) run of either way. */
  record Round(String way, double wallSeconds, Map<String, Object> details) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("way", way);
      m.put("wall_seconds", Results.round(wallSeconds));
      m.putAll(details);
      return m;
    }
  }

  static Map<String, Object> run(BenchConfig config) throws Exception {
    Map<String, Object> out = Results.header("transcode", config);
    Path work = Files.createTempDirectory("omnix-bench-transcode-");
    PipelineApp app = null;
    ChildWatcher watcher = null;
    try {
      Path ffmpeg = FfmpegRunner.bundledExecutable();
      int seconds = config.transcodeSeconds();
      Path source = work.resolve("source.mp4");
      System.out.printf(
          "%n== transcode: generating a %d s 1920x1080 25 fps H.264 + AAC source with %s ==%n",
          seconds, ffmpeg);
      Map<String, Object> sourceFacts = generate(ffmpeg, source, seconds);

      // The plan and the arguments exactly as the job builds them (TranscodeJobHandler), from a
      // probe of the file.
      MediaLimits limits = MediaLimits.defaults();
      MediaInfo info = new MediaProber(FfmpegRunner.bundled(1), limits).probe(source, cancel -> {});
      TranscodePlan plan =
          TranscodePlan.of(TranscodeRequest.fromParams(Map.of("preset", PRESET)), info, limits);
      double mediaSeconds = plan.expectedSeconds();
      Path cliDir = Files.createDirectories(work.resolve("cli"));
      Path cliTarget = cliDir.resolve("rendition." + plan.container().extension());
      List<String> cliArgs = TranscodeCommand.arguments(plan, source, cliTarget);
      Duration timeout = limits.transcodeTimeout(mediaSeconds).plusSeconds(120);
      sourceFacts.put("probed_duration_seconds", info.durationSeconds());
      info.firstVideo()
          .ifPresent(
              v -> {
                sourceFacts.put(
                    "video",
                    v.codec() + " " + v.width() + "x" + v.height() + " " + v.frameRate() + " fps");
              });
      info.firstAudio()
          .ifPresent(a -> sourceFacts.put("audio", a.codec() + " " + a.sampleRate() + " Hz"));
      out.put("source", sourceFacts);
      out.put("media_seconds", Results.round(mediaSeconds));
      out.put("plan", plan.toString());
      out.put("cli_command", String.join(" ", prepend(ffmpeg.toString(), cliArgs)));
      out.put("method", method(seconds));
      System.out.printf(
          "source: %s, %d bytes, probed %.2f s; baseline: %s%n",
          sourceFacts.get("video"),
          Files.size(source),
          info.durationSeconds(),
          String.join(" ", prepend(ffmpeg.toString(), cliArgs)));

      Path blobRoot = Files.createDirectories(work.resolve("blobs"));
      Path mediaWork = Files.createDirectories(work.resolve("media-work"));
      Map<String, String> props = new LinkedHashMap<>();
      props.put("omnix.storage.backend", "local");
      props.put("omnix.storage.local.root", blobRoot.toString());
      props.put("omnix.media.work-dir", mediaWork.toString());
      app = PipelineApp.start(SharedPostgres.newDatabase("bench_transcode"), "api,worker", props);
      out.put(
          "app",
          "in-process, omnix.roles=api,worker, omnix.storage.backend=local (root "
              + blobRoot
              + "), omnix.media.work-dir="
              + mediaWork
              + ", other settings from application.yml (JobRunr worker-count "
              + "8, poll 5 s; omnix.media.max-concurrent-ffmpeg default max(1, cores/2))");
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      ApiClient api = new ApiClient(app.baseUrl);
      String assetId = upload(http, app, source);
      System.out.printf("uploaded the source as asset %s through POST /v1/assets%n", assetId);

      watcher = new ChildWatcher(ffmpeg);
      Cpu.findPostgres();
      Ours ours = new Ours(http, api, app, assetId, timeout, watcher, cliArgs, source, cliTarget);
      Cli cli = new Cli(ffmpeg, cliArgs, cliTarget, cliDir.resolve("stderr.txt"), timeout, watcher);

      Map<String, Object> warmup = new LinkedHashMap<>();
      List<Map<String, Object>> warmOurs = new ArrayList<>();
      for (int i = 0; i < WARMUPS; i++) {
        Round wo = ours.run();
        warmOurs.add(wo.toMap());
        System.out.printf("warm-up %d (untimed): ours %.2f s%n", i + 1, wo.wallSeconds());
      }
      Round wc = cli.run();
      warmup.put("ours", warmOurs);
      warmup.put("cli", wc.toMap());
      out.put("warmup", warmup);
      System.out.printf("warm-up (untimed): CLI %.2f s%n", wc.wallSeconds());

      List<Round> oursRounds = new ArrayList<>();
      List<Round> cliRounds = new ArrayList<>();
      List<Map<String, Object>> rounds = new ArrayList<>();
      for (int i = 1; i <= REPEATS; i++) {
        settle();
        Round o = ours.run();
        settle();
        Round c = cli.run();
        oursRounds.add(o);
        cliRounds.add(c);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("round", i);
        r.put("ours", o.toMap());
        r.put("cli", c.toMap());
        r.put("load_average_after", Results.loadAverage());
        rounds.add(r);
        System.out.printf(
            "round %d: ours %.2f s (submit->ffmpeg %s s, ffmpeg %s s, ffmpeg exit->succeeded seen %s s;"
                + " CPU s: machine %s, ffmpeg %s, JVM %s, PostgreSQL %s) | CLI %.2f s (CPU s: machine %s, ffmpeg %s, JVM %s)"
                + " | ratio %.3f | load average %s%n",
            i,
            o.wallSeconds(),
            o.details().get("submit_to_transcode_ffmpeg_seen_seconds"),
            o.details().get("transcode_ffmpeg_seen_seconds"),
            o.details().get("transcode_ffmpeg_gone_to_succeeded_seen_seconds"),
            o.details().get("cpu_seconds_machine_busy"),
            o.details().get("cpu_seconds_ffmpeg_all"),
            o.details().get("cpu_seconds_this_jvm"),
            o.details().get("cpu_seconds_postgres"),
            c.wallSeconds(),
            c.details().get("cpu_seconds_machine_busy"),
            c.details().get("cpu_seconds_ffmpeg_all"),
            c.details().get("cpu_seconds_this_jvm"),
            o.wallSeconds() / c.wallSeconds(),
            Results.loadAverage());
      }
      out.put("rounds", rounds);
      out.put("summary", summary(oursRounds, cliRounds, mediaSeconds));
      out.put("ours_medians_seconds", oursMedians(oursRounds));
      out.put("cli_medians_seconds", cliMedians(cliRounds));
      out.put("outputs", outputs(oursRounds, cliRounds));
      out.put("arguments_check", ours.argumentsCheck());

      settle();
      out.put(
          "thread_dumps",
          profile(
              config,
              ours,
              watcher,
              medianOf(cliRounds.stream().map(Round::wallSeconds).toList())));
      out.put("source_asset_deleted", ours.delete(assetId));
      out.put("load_average_at_end", Results.loadAverage());
      printSummary(out);
    } finally {
      if (watcher != null) {
        watcher.close();
      }
      if (app != null) {
        app.close();
        deleteTree(app.dataDir);
      }
      deleteTree(work);
    }
    out.put(
        "cleanup",
        "deleted "
            + work
            + " (source, baseline outputs, blob root, media work directory) and the "
            + "app's data directory");
    return out;
  }

  // ------------------------------------------------------------------------------------------------------ source

  private static Map<String, Object> generate(Path ffmpeg, Path source, int seconds)
      throws Exception {
    List<String> command =
        List.of(
            ffmpeg.toString(),
            "-hide_banner",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=1920x1080:rate=25",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440",
            "-t",
            String.valueOf(seconds),
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-shortest",
            source.toString());
    Path log = source.resolveSibling("generate-stderr.txt");
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!p.waitFor(120 + 30L * seconds, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "generating the source took longer than " + (120 + 30L * seconds) + " s");
      }
    } finally {
      killTree(p);
    }
    double took = (System.nanoTime() - t0) / 1e9;
    if (p.exitValue() != 0 || !Files.isRegularFile(source) || Files.size(source) == 0) {
      throw new IllegalStateException(
          "generating the source failed (exit " + p.exitValue() + "): " + Files.readString(log));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seconds_requested", seconds);
    m.put("bytes", Files.size(source));
    m.put("generated_in_seconds", Results.round(took));
    m.put(
        "generate_command",
        String.join(" ", command.subList(1, command.size()))
            .replace(source.toString(), "source.mp4"));
    System.out.printf("generated %d bytes in %.1f s%n", Files.size(source), took);
    return m;
  }

  private static String upload(HttpClient http, PipelineApp app, Path source) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(app.baseUrl + "/v1/assets?filename=source.mp4"))
            .timeout(UploadBench.transferTimeout(Files.size(source)))
            .header("Authorization", "Bearer " + app.adminKey)
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofFile(source))
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
    if (((Number) asset.get("size")).longValue() != Files.size(source)
        || !String.valueOf(asset.get("content_type")).startsWith("video/")) {
      throw new IllegalStateException(
          "the stored asset does not match the source: " + response.body());
    }
    return (String) asset.get("id");
  }

  // -------------------------------------------------------------------------------------------------------- ours

  /**
   * Ours: one transcode job through the API, timed from the submit until a poll sees it succeeded.
   */
  private static final class Ours {
    private final HttpClient http;
    private final ApiClient api;
    private final PipelineApp app;
    private final Duration timeout;
    private final ChildWatcher watcher;
    private final List<String> cliArgs;
    private final Path cliSource;
    private final Path cliTarget;
    private final String body;
    private List<String> jobArgs;
    private final List<String> argumentMismatches = new ArrayList<>();
    private int jobsChecked;

    Ours(
        HttpClient http,
        ApiClient api,
        PipelineApp app,
        String assetId,
        Duration timeout,
        ChildWatcher watcher,
        List<String> cliArgs,
        Path cliSource,
        Path cliTarget) {
      this.http = http;
      this.api = api;
      this.app = app;
      this.timeout = timeout;
      this.watcher = watcher;
      this.cliArgs = cliArgs;
      this.cliSource = cliSource;
      this.cliTarget = cliTarget;
      this.body =
          ApiClient.JSON.writeValueAsString(
              Map.of(
                  "type",
                  "transcode",
                  "input",
                  Map.of("asset_id", assetId),
                  "params",
                  Map.of("preset", PRESET)));
    }

    Round run() throws Exception {
      return run(null);
    }

    /**
     * @param done set when the job has finished, for the profiler
     */
    @SuppressWarnings("unchecked")
    Round run(AtomicBoolean done) throws Exception {
      watcher.clear();
      Cpu before = Cpu.now();
      Instant submittedAt = Instant.now();
      long t0 = System.nanoTime();
      String id = api.submit(app.adminKey, body);
      long accepted = System.nanoTime();
      long deadline = t0 + timeout.toNanos();
      Map<String, Object> job;
      long end;
      int polls = 0;
      while (true) {
        long next = t0 + (polls + 1) * TimeUnit.MILLISECONDS.toNanos(POLL_MS);
        long wait = next - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        polls++;
        HttpResponse<String> response = api.get("/v1/jobs/" + id, app.adminKey);
        if (response.statusCode() != 200) {
          throw new IllegalStateException(
              "GET /v1/jobs/" + id + " answered " + response.statusCode());
        }
        job = ApiClient.parse(response.body());
        String status = (String) job.get("status");
        if ("succeeded".equals(status)) {
          end = System.nanoTime();
          break;
        }
        if ("failed".equals(status) || "canceled".equals(status)) {
          throw new IllegalStateException(
              "the transcode job " + id + " " + status + ": " + job.get("error"));
        }
        if (System.nanoTime() > deadline) {
          api.post("/v1/jobs/" + id + "/cancel", app.adminKey, "{}");
          throw new IllegalStateException(
              "the transcode job "
                  + id
                  + " did not succeed within "
                  + timeout.toSeconds()
                  + " s (status "
                  + status
                  + ")");
        }
      }
      Cpu after = Cpu.now();
      if (done != null) {
        done.set(true);
      }
      double seenWall = (end - t0) / 1e9;
      List<Seen> seen = watcher.settledSnapshot();

      Map<String, Object> d = new LinkedHashMap<>();
      d.put("job_id", id);
      d.put("polls", polls);
      d.put("submit_response_seconds", Results.round((accepted - t0) / 1e9));
      Instant created = Instant.parse((String) job.get("created_at"));
      Instant started =
          job.get("started_at") == null ? null : Instant.parse((String) job.get("started_at"));
      Instant finished = Instant.parse((String) job.get("finished_at"));
      Instant seenAt = submittedAt.plusNanos(end - t0);
      // The job's wall time ends when it finished, not when the next poll happened to see it.
      double wall = Duration.between(submittedAt, finished).toNanos() / 1e9;
      d.put("succeeded_seen_wall_seconds", Results.round(seenWall));
      d.put("attempts", job.get("attempts"));
      d.put(
          "job_created_to_started_seconds",
          started == null ? null : secondsBetween(created, started));
      d.put(
          "job_started_to_finished_seconds",
          started == null ? null : secondsBetween(started, finished));
      d.put("job_finished_to_succeeded_seen_seconds", secondsBetween(finished, seenAt));
      Seen transcode = seen.stream().filter(Seen::transcode).findFirst().orElse(null);
      if (transcode != null) {
        d.put(
            "submit_to_transcode_ffmpeg_seen_seconds",
            Results.round((transcode.firstSeen() - t0) / 1e9));
        d.put("transcode_ffmpeg_seen_seconds", Results.round(transcode.seconds()));
        d.put(
            "transcode_ffmpeg_gone_to_succeeded_seen_seconds",
            Results.round((end - transcode.gone()) / 1e9));
        checkArguments(transcode.arguments());
      }
      List<Map<String, Object>> processes = new ArrayList<>();
      for (Seen s : seen) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("kind", s.transcode() ? "transcode" : "probe");
        p.put("seen_from_seconds", Results.round((s.firstSeen() - t0) / 1e9));
        p.put("seen_until_seconds", Results.round((s.gone() - t0) / 1e9));
        p.put("cpu_seconds_last_seen", Results.round(s.cpuSeconds()));
        processes.add(p);
      }
      d.put("ffmpeg_processes_seen", processes);
      d.putAll(Cpu.split(before, after, seen));
      Map<String, Object> result = (Map<String, Object>) job.get("result");
      List<String> outputs =
          result == null ? List.of() : (List<String>) result.get("output_asset_ids");
      if (outputs == null || outputs.isEmpty()) {
        throw new IllegalStateException(
            "the transcode job " + id + " succeeded without an output: " + job);
      }
      Map<String, Object> summary =
          result.get("summary") instanceof Map<?, ?> s ? (Map<String, Object>) s : null;
      if (summary != null) {
        d.put("rendition", summary);
      }
      // Untimed: the rendition's bytes, for comparison with the baseline's output; then delete it.
      String rendition = outputs.get(0);
      HttpResponse<InputStream> content =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(app.baseUrl + "/v1/assets/" + rendition + "/content"))
                  .timeout(Duration.ofSeconds(120))
                  .header("Authorization", "Bearer " + app.adminKey)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      if (content.statusCode() != 200) {
        content.body().close();
        throw new IllegalStateException(
            "GET /v1/assets/" + rendition + "/content answered " + content.statusCode());
      }
      long[] size = new long[1];
      String sha;
      try (InputStream in = content.body()) {
        sha = sha256(in, size);
      }
      d.put("rendition_bytes", size[0]);
      d.put("rendition_sha256", sha);
      d.put("rendition_deleted", delete(rendition));
      return new Round("ours", wall, d);
    }

    boolean delete(String id) throws Exception {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(app.baseUrl + "/v1/assets/" + id))
                  .timeout(Duration.ofSeconds(60))
                  .header("Authorization", "Bearer " + app.adminKey)
                  .DELETE()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 204) {
        System.out.println(
            "  (DELETE /v1/assets/"
                + id
                + " answered "
                + response.statusCode()
                + ": "
                + ApiClient.abbreviate(response.body())
                + ")");
        return false;
      }
      return true;
    }

    /**
     * The job's ffmpeg arguments against the baseline's: they may differ only in the input and
     * output paths.
     */
    private void checkArguments(List<String> seen) {
      jobsChecked++;
      if (jobArgs == null) {
        jobArgs = seen;
      }
      int in = cliArgs.indexOf("-i") + 1;
      int outIndex = cliArgs.size() - 1;
      if (seen.size() != cliArgs.size()) {
        argumentMismatches.add("length " + seen.size() + " vs " + cliArgs.size() + ": " + seen);
        return;
      }
      for (int i = 0; i < seen.size(); i++) {
        String a = seen.get(i);
        String b = cliArgs.get(i);
        boolean pathSlot =
            (i == in && b.equals(cliSource.toAbsolutePath().toString()))
                || (i == outIndex && b.equals(cliTarget.toAbsolutePath().toString()));
        if (!a.equals(b) && !pathSlot) {
          argumentMismatches.add("argument " + i + ": job '" + a + "' vs baseline '" + b + "'");
        }
      }
    }

    Map<String, Object> argumentsCheck() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("jobs_checked", jobsChecked);
      m.put(
          "identical_except_input_and_output_paths",
          jobsChecked > 0 && argumentMismatches.isEmpty());
      m.put("mismatches", argumentMismatches);
      m.put("job_arguments_first_seen", jobArgs);
      m.put("baseline_arguments", cliArgs);
      return m;
    }
  }

  // --------------------------------------------------------------------------------------------------- baseline

  /** The baseline: the job's ffmpeg arguments run directly, timed from start to exit. */
  private record Cli(
      Path ffmpeg,
      List<String> args,
      Path target,
      Path stderr,
      Duration timeout,
      ChildWatcher watcher) {
    Round run() throws Exception {
      Files.deleteIfExists(target);
      watcher.clear();
      ProcessBuilder builder =
          new ProcessBuilder(prepend(ffmpeg.toString(), args))
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(stderr.toFile());
      Cpu before = Cpu.now();
      long t0 = System.nanoTime();
      Process p = builder.start();
      p.getOutputStream().close();
      boolean finished;
      try {
        finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } finally {
        killTree(p);
      }
      long end = System.nanoTime();
      Cpu after = Cpu.now();
      if (!finished) {
        throw new IllegalStateException(
            "the baseline ffmpeg did not finish within " + timeout.toSeconds() + " s");
      }
      if (p.exitValue() != 0 || !Files.isRegularFile(target)) {
        throw new IllegalStateException(
            "the baseline ffmpeg failed (exit " + p.exitValue() + "): " + Files.readString(stderr));
      }
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("exit_code", p.exitValue());
      List<Seen> seen = watcher.settledSnapshot();
      if (!seen.isEmpty()) {
        d.put("ffmpeg_seen_seconds", Results.round(seen.get(0).seconds()));
      }
      d.putAll(Cpu.split(before, after, seen));
      long[] size = new long[1];
      try (InputStream in = Files.newInputStream(target)) {
        d.put("output_sha256", sha256(in, size));
      }
      d.put("output_bytes", size[0]);
      Files.deleteIfExists(target);
      return new Round("cli", (end - t0) / 1e9, d);
    }
  }

  // ------------------------------------------------------------------------------------------
  // child process sampler

  /**
   * Lists this JVM's child processes every {@value #SAMPLE_MS} ms and remembers the ffmpeg ones:
   * pid, arguments (from /proc), first time seen alive and first time seen gone. Cheap: a handful
   * of /proc reads per sample.
   */
  private static final class ChildWatcher implements AutoCloseable {
    private final String executable;
    private final Thread thread;

    /** pid -> {first seen, last CPU time seen (ns)} */
    private final Map<Long, long[]> alive = new LinkedHashMap<>();

    private final Map<Long, List<String>> args = new LinkedHashMap<>();
    private final List<Seen> done = new ArrayList<>();

    /**
     * Children that were not ffmpeg when first seen, with that time. A fresh child may still be
     * jspawnhelper (or a forked JVM) about to exec ffmpeg, so children younger than {@value
     * #EXEC_GRACE_MS} ms are looked at again.
     */
    private final Map<Long, Long> ignored = new java.util.HashMap<>();

    private static final long EXEC_GRACE_MS = 1_000;
    private volatile boolean stop;

    ChildWatcher(Path ffmpeg) {
      this.executable = ffmpeg.toAbsolutePath().toString();
      thread = new Thread(this::loop, "bench-ffmpeg-watcher");
      thread.setDaemon(true);
      thread.start();
    }

    private void loop() {
      while (!stop) {
        sample();
        try {
          Thread.sleep(SAMPLE_MS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private void sample() {
      long now = System.nanoTime();
      List<ProcessHandle> children = ProcessHandle.current().children().toList();
      synchronized (this) {
        List<Long> present = new ArrayList<>();
        for (ProcessHandle child : children) {
          long pid = child.pid();
          present.add(pid);
          long[] known = alive.get(pid);
          Long ignoredSince = ignored.get(pid);
          if (known == null
              && ignoredSince != null
              && now - ignoredSince > TimeUnit.MILLISECONDS.toNanos(EXEC_GRACE_MS)) {
            continue;
          }
          ProcessHandle.Info info = child.info();
          if (known == null) {
            if (!info.command().map(executable::equals).orElse(false)) {
              ignored.putIfAbsent(pid, now);
              continue;
            }
            // seen first when it was spawned, if it was seen before its exec
            known = new long[] {ignoredSince == null ? now : ignoredSince, 0};
            ignored.remove(pid);
            alive.put(pid, known);
            args.put(pid, info.arguments().map(List::of).orElse(List.of()));
          }
          long cpu = info.totalCpuDuration().map(Duration::toNanos).orElse(0L);
          known[1] = Math.max(known[1], cpu);
        }
        for (Long pid : new ArrayList<>(alive.keySet())) {
          if (!present.contains(pid)) {
            long[] known = alive.remove(pid);
            done.add(new Seen(pid, args.remove(pid), known[0], now, known[1] / 1e9));
          }
        }
        ignored.keySet().retainAll(present);
      }
    }

    synchronized void clear() {
      done.clear();
    }

    synchronized boolean transcodeStarted() {
      return done.stream().anyMatch(Seen::transcode)
          || alive.keySet().stream().anyMatch(pid -> args.get(pid).contains("-progress"));
    }

    synchronized boolean transcodeEnded() {
      return done.stream().anyMatch(Seen::transcode);
    }

    /**
     * The ffmpeg processes that ended since {@link #clear()}, once the ones still alive are gone
     * (bounded).
     */
    List<Seen> settledSnapshot() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() < deadline) {
        synchronized (this) {
          if (alive.isEmpty()) {
            break;
          }
        }
        Thread.sleep(SAMPLE_MS);
      }
      synchronized (this) {
        List<Seen> list = new ArrayList<>(done);
        list.sort(Comparator.comparingLong(Seen::firstSeen));
        return list;
      }
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
    }
  }

  // ------------------------------------------------------------------------------------------------------- CPU

  /**
   * CPU used so far: by this JVM (the app, its HTTP server and workers, the client and the sampler;
   * not PostgreSQL, which runs as separate processes) and by the whole machine (/proc/stat, busy =
   * all but idle and iowait).
   */
  private record Cpu(
      long jvmNanos, long busyTicks, long postgresNanos, Map<Long, Long> threadTicks) {
    private static final double TICK_SECONDS = 0.01; // USER_HZ 100 on Linux

    /**
     * The embedded PostgreSQL's postmaster, whose children are the backends (set once, before the
     * runs).
     */
    private static volatile ProcessHandle postmaster;

    /** Finds the postmaster: the parent of a backend of the shared embedded server. */
    static void findPostgres() {
      try (java.sql.Connection c = SharedPostgres.server().getPostgresDatabase().getConnection();
          java.sql.Statement st = c.createStatement();
          java.sql.ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
        rs.next();
        postmaster = ProcessHandle.of(rs.getLong(1)).flatMap(ProcessHandle::parent).orElse(null);
      } catch (java.sql.SQLException | RuntimeException e) {
        System.out.println("  (PostgreSQL's CPU will not be split out: " + e + ")");
      }
    }

    private static long postgresNow() {
      ProcessHandle pm = postmaster;
      if (pm == null || !pm.isAlive()) {
        return -1;
      }
      long total = 0;
      for (ProcessHandle h : Stream.concat(Stream.of(pm), pm.children()).toList()) {
        total += h.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
      }
      return total;
    }

    static Cpu now() {
      long jvm =
          ManagementFactory.getOperatingSystemMXBean()
                  instanceof com.sun.management.OperatingSystemMXBean os
              ? os.getProcessCpuTime()
              : -1;
      long busy = -1;
      try {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1;
            i < Math.min(f.length, 9);
            i++) { // user nice system idle iowait irq softirq steal
          total += Long.parseLong(f[i]);
        }
        busy = total - Long.parseLong(f[4]) - Long.parseLong(f[5]);
      } catch (IOException | RuntimeException ignored) {
        // not Linux
      }
      return new Cpu(jvm, busy, postgresNow(), threadsNow());
    }

    /**
     * CPU ticks of each of this JVM's threads (JVM-internal ones too: JIT compilers, GC), by tid,
     * from /proc.
     */
    private static Map<Long, Long> threadsNow() {
      Map<Long, Long> m = new java.util.HashMap<>();
      try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
        for (Path task : tasks.toList()) {
          try {
            String stat = Files.readString(task.resolve("stat"));
            // after the "(comm)" field: state ppid pgrp session tty tpgid flags minflt cminflt
            // majflt cmajflt utime stime
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            m.put(
                Long.parseLong(task.getFileName().toString()),
                Long.parseLong(f[11]) + Long.parseLong(f[12]));
          } catch (IOException | RuntimeException gone) {
            // the thread ended meanwhile
          }
        }
      } catch (IOException | RuntimeException notLinux) {
        // no per-thread figures
      }
      return m;
    }

    /**
     * The threads of this JVM that used the most CPU between two readings, by their kernel name
     * (Java names cut to 15 characters; trailing numbers folded, so pools add up). Threads that
     * ended in between are missing; threads started in between count from zero.
     */
    static Map<String, Object> topThreads(Cpu before, Cpu after) {
      Map<String, Long> byName = new java.util.HashMap<>();
      for (Map.Entry<Long, Long> e : after.threadTicks().entrySet()) {
        long delta = e.getValue() - before.threadTicks().getOrDefault(e.getKey(), 0L);
        if (delta <= 0) {
          continue;
        }
        String name;
        try {
          name = Files.readString(Path.of("/proc/self/task/" + e.getKey() + "/comm")).strip();
        } catch (IOException | RuntimeException gone) {
          name = "(ended)";
        }
        byName.merge(name.replaceAll("[-_#]?\\d+$", "#N"), delta, Long::sum);
      }
      Map<String, Object> m = new LinkedHashMap<>();
      byName.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(10)
          .forEach(e -> m.put(e.getKey(), Results.round(e.getValue() * TICK_SECONDS)));
      return m;
    }

    /**
     * CPU seconds between two readings, split into ffmpeg (as last seen alive), this JVM and
     * everything else.
     */
    static Map<String, Object> split(Cpu before, Cpu after, List<Seen> ffmpegs) {
      Map<String, Object> m = new LinkedHashMap<>();
      double ffmpeg = ffmpegs.stream().mapToDouble(Seen::cpuSeconds).sum();
      double transcode =
          ffmpegs.stream().filter(Seen::transcode).mapToDouble(Seen::cpuSeconds).sum();
      double jvm =
          before.jvmNanos() < 0 ? Double.NaN : (after.jvmNanos() - before.jvmNanos()) / 1e9;
      double machine =
          before.busyTicks() < 0
              ? Double.NaN
              : (after.busyTicks() - before.busyTicks()) * TICK_SECONDS;
      m.put("cpu_seconds_machine_busy", Results.round(machine));
      m.put("cpu_seconds_ffmpeg_all", Results.round(ffmpeg));
      m.put("cpu_seconds_ffmpeg_transcode", Results.round(transcode));
      double postgres =
          before.postgresNanos() < 0 || after.postgresNanos() < 0
              ? Double.NaN
              : (after.postgresNanos() - before.postgresNanos()) / 1e9;
      m.put("cpu_seconds_this_jvm", Results.round(jvm));
      m.put("cpu_seconds_postgres", Results.round(postgres));
      m.put(
          "cpu_seconds_other",
          Results.round(machine - ffmpeg - jvm - (Double.isNaN(postgres) ? 0 : postgres)));
      m.put("this_jvm_top_threads_cpu_seconds", topThreads(before, after));
      return m;
    }
  }

  // ------------------------------------------------------------------------------------------------- profiling

  /**
   * One more, untimed job, during which thread dumps of this JVM are taken with {@code jcmd <pid>
   * Thread.print}: one right after the submit, two while the transcode ffmpeg runs, and back to
   * back after it exits until the job is seen succeeded ({@value #MAX_DUMPS} at most). Each dump is
   * kept and its busy threads printed.
   */
  private static Map<String, Object> profile(
      BenchConfig config, Ours ours, ChildWatcher watcher, double cliSeconds) throws Exception {
    Path logs = Files.createDirectories(config.resultsDir().resolve("logs"));
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    long pid = ProcessHandle.current().pid();
    System.out.printf(
        "%nprofiling one more, untimed transcode job with thread dumps (jcmd %d Thread.print)%n",
        pid);
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<Round> round = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread job =
        new Thread(
            () -> {
              try {
                round.set(ours.run(done));
              } catch (Throwable e) {
                failure.set(e);
              } finally {
                done.set(true);
              }
            },
            "bench-profiled-job");
    List<String> files = new ArrayList<>();
    watcher.clear();
    long t0 = System.nanoTime();
    job.start();
    int i = 0;
    boolean duringTaken = false;
    boolean beforeTaken = false;
    while (!done.get() && i < MAX_DUMPS) {
      String phase;
      if (!watcher.transcodeStarted()) {
        if (beforeTaken) {
          Thread.sleep(SAMPLE_MS);
          continue;
        }
        phase = "before-ffmpeg";
        beforeTaken = true;
      } else if (!watcher.transcodeEnded()) {
        if (duringTaken) {
          Thread.sleep(SAMPLE_MS);
          continue;
        }
        // two dumps while ffmpeg runs, about a quarter and a half into it (by the CLI's median
        // time)
        Thread.sleep(Math.max(0, (long) (cliSeconds * 1000 / 4)));
        duringTaken = true;
        if (watcher.transcodeEnded() || done.get()) {
          continue;
        }
        phase = "during-ffmpeg";
        files.add(dump(jcmd, pid, logs, ++i, phase, t0));
        Thread.sleep(Math.max(0, (long) (cliSeconds * 1000 / 4)));
        if (watcher.transcodeEnded() || done.get()) {
          continue;
        }
      } else {
        phase = "after-ffmpeg";
      }
      files.add(dump(jcmd, pid, logs, ++i, phase, t0));
    }
    job.join(TimeUnit.MINUTES.toMillis(30));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("files", files);
    m.put("job_failure", failure.get() == null ? null : failure.get().toString());
    m.put("job_while_profiled", round.get() == null ? null : round.get().toMap());
    return m;
  }

  private static String dump(Path jcmd, long pid, Path logs, int i, String phase, long t0)
      throws Exception {
    Path file = logs.resolve("transcode-threads-" + i + "-" + phase + ".txt");
    double at = (System.nanoTime() - t0) / 1e9;
    Process p =
        new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "Thread.print")
            .redirectErrorStream(true)
            .redirectOutput(file.toFile())
            .start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    System.out.printf("  dump %d (%s) at %.2f s: busy threads%n", i, phase, at);
    for (String line : UploadBench.busyThreads(Files.readAllLines(file))) {
      // threads waiting for PostgreSQL notifications or on a pipe are idle, whatever their state
      // says
      String top = line.substring(line.indexOf("]: ") + 3);
      if (!line.startsWith("backgroundjob-worker")
          && (top.startsWith("sun.nio.ch.Net.poll")
              || top.startsWith("java.io.FileInputStream.readBytes"))) {
        continue;
      }
      System.out.println("    " + line);
    }
    return file.getFileName().toString();
  }

  // ---------------------------------------------------------------------------------------------------- figures

  private static Map<String, Object> summary(
      List<Round> ours, List<Round> cli, double mediaSeconds) {
    double o = medianOf(ours.stream().map(Round::wallSeconds).toList());
    double c = medianOf(cli.stream().map(Round::wallSeconds).toList());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rounds", ours.size());
    m.put("ours_median_wall_seconds", Results.round(o));
    m.put("cli_median_wall_seconds", Results.round(c));
    m.put("ratio_ours_over_cli", Results.round(o / c));
    m.put("goal_ratio_at_most", GOAL_RATIO);
    m.put("goal_met", o / c <= GOAL_RATIO);
    m.put("ours_overhead_seconds", Results.round(o - c));
    m.put("media_seconds", Results.round(mediaSeconds));
    m.put("ours_realtime_factor", Results.round(mediaSeconds / o));
    m.put("cli_realtime_factor", Results.round(mediaSeconds / c));
    m.put("anchor_cli_realtime_factor_quoted", ANCHOR_REALTIME_FACTOR);
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < ours.size(); i++) {
      ratios.add(ours.get(i).wallSeconds() / cli.get(i).wallSeconds());
    }
    m.put("ratio_per_round", ratios.stream().map(Results::round).toList());
    // Each round's two runs follow each other, so the median of the rounds' ratios is less moved
    // by load from outside the benchmark than the ratio of the two medians.
    m.put("median_of_round_ratios", Results.round(medianOf(ratios)));
    m.put("ours_wall_seconds", ours.stream().map(r -> Results.round(r.wallSeconds())).toList());
    m.put("cli_wall_seconds", cli.stream().map(r -> Results.round(r.wallSeconds())).toList());
    return m;
  }

  private static final List<String> CPU_KEYS =
      List.of(
          "cpu_seconds_machine_busy",
          "cpu_seconds_ffmpeg_all",
          "cpu_seconds_ffmpeg_transcode",
          "cpu_seconds_this_jvm",
          "cpu_seconds_postgres",
          "cpu_seconds_other");

  private static Map<String, Object> oursMedians(List<Round> ours) {
    List<String> keys =
        new ArrayList<>(
            List.of(
                "submit_response_seconds",
                "submit_to_transcode_ffmpeg_seen_seconds",
                "transcode_ffmpeg_seen_seconds",
                "transcode_ffmpeg_gone_to_succeeded_seen_seconds",
                "job_created_to_started_seconds",
                "job_started_to_finished_seconds",
                "job_finished_to_succeeded_seen_seconds"));
    keys.addAll(CPU_KEYS);
    return medians(ours, keys);
  }

  private static Map<String, Object> cliMedians(List<Round> cli) {
    List<String> keys = new ArrayList<>(List.of("ffmpeg_seen_seconds"));
    keys.addAll(CPU_KEYS);
    return medians(cli, keys);
  }

  private static Map<String, Object> medians(List<Round> rounds, List<String> keys) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String key : keys) {
      List<Double> values = new ArrayList<>();
      for (Round r : rounds) {
        if (r.details().get(key) instanceof Number n) {
          values.add(n.doubleValue());
        }
      }
      m.put(key, values.isEmpty() ? null : Results.round(medianOf(values)));
    }
    return m;
  }

  @SuppressWarnings("unchecked")
  private static void printSummary(Map<String, Object> out) {
    Map<String, Object> s = (Map<String, Object>) out.get("summary");
    Map<String, Object> p = (Map<String, Object>) out.get("ours_medians_seconds");
    Map<String, Object> c = (Map<String, Object>) out.get("cli_medians_seconds");
    System.out.println();
    System.out.printf(
        "transcode summary (%s s of 1080p25 H.264+AAC -> %s, medians of %s rounds):%n",
        s.get("media_seconds"), PRESET, s.get("rounds"));
    System.out.printf(
        "  ours (API job, submit -> succeeded seen) %s s, %sx realtime%n",
        s.get("ours_median_wall_seconds"), s.get("ours_realtime_factor"));
    System.out.printf(
        "  CLI (same ffmpeg arguments)              %s s, %sx realtime (anchor quoted: %sx)%n",
        s.get("cli_median_wall_seconds"), s.get("cli_realtime_factor"), ANCHOR_REALTIME_FACTOR);
    System.out.printf(
        "  ratio ours/CLI %s (goal <= %s: %s), overhead %s s%n",
        s.get("ratio_ours_over_cli"),
        GOAL_RATIO,
        Boolean.TRUE.equals(s.get("goal_met")) ? "met" : "NOT met",
        s.get("ours_overhead_seconds"));
    System.out.printf(
        "  ours, medians: submit -> transcode ffmpeg seen %s s; ffmpeg %s s; ffmpeg gone -> "
            + "succeeded seen %s s; job record: created -> started %s s, started -> finished %s s, finished -> seen "
            + "%s s%n",
        p.get("submit_to_transcode_ffmpeg_seen_seconds"),
        p.get("transcode_ffmpeg_seen_seconds"),
        p.get("transcode_ffmpeg_gone_to_succeeded_seen_seconds"),
        p.get("job_created_to_started_seconds"),
        p.get("job_started_to_finished_seconds"),
        p.get("job_finished_to_succeeded_seen_seconds"));
    System.out.printf(
        "  the transcode ffmpeg process as the sampler saw it, medians: in the job %s s, CLI %s s%n",
        p.get("transcode_ffmpeg_seen_seconds"), c.get("ffmpeg_seen_seconds"));
    System.out.printf(
        "  CPU seconds per run, medians: ours machine %s (ffmpeg %s, this JVM %s, PostgreSQL %s, other %s)"
            + " | CLI machine %s (ffmpeg %s, this JVM %s, PostgreSQL %s, other %s)%n",
        p.get("cpu_seconds_machine_busy"),
        p.get("cpu_seconds_ffmpeg_all"),
        p.get("cpu_seconds_this_jvm"),
        p.get("cpu_seconds_postgres"),
        p.get("cpu_seconds_other"),
        c.get("cpu_seconds_machine_busy"),
        c.get("cpu_seconds_ffmpeg_all"),
        c.get("cpu_seconds_this_jvm"),
        c.get("cpu_seconds_postgres"),
        c.get("cpu_seconds_other"));
    Map<String, Object> a = (Map<String, Object>) out.get("arguments_check");
    System.out.printf(
        "  job's ffmpeg arguments identical to the baseline's except the paths: %s%n",
        a.get("identical_except_input_and_output_paths"));
  }

  /**
   * The outputs' sizes and hashes. Multi-threaded libx264 in bit-rate mode is not bit-exact from
   * run to run, so identical hashes are not expected even between two CLI runs; the sizes show that
   * the outputs are alike.
   */
  private static Map<String, Object> outputs(List<Round> ours, List<Round> cli) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "ours_rendition_bytes",
        ours.stream().map(r -> r.details().get("rendition_bytes")).toList());
    m.put("cli_output_bytes", cli.stream().map(r -> r.details().get("output_bytes")).toList());
    m.put(
        "distinct_sha256_among_cli_outputs",
        cli.stream().map(r -> r.details().get("output_sha256")).distinct().count());
    m.put(
        "distinct_sha256_among_all_outputs",
        java.util.stream.Stream.concat(
                ours.stream().map(r -> r.details().get("rendition_sha256")),
                cli.stream().map(r -> r.details().get("output_sha256")))
            .distinct()
            .count());
    m.put(
        "note",
        "multi-threaded libx264 with a bit-rate target is not bit-exact between runs, so byte-identical "
            + "outputs are not expected even between CLI runs");
    return m;
  }

  private static Map<String, Object> method(int seconds) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "source",
        "generated once with the bundled ffmpeg: lavfi testsrc2 1920x1080 at 25 fps + sine 440 Hz, "
            + seconds
            + " s, libx264 -preset veryfast, yuv420p, AAC; uploaded once via POST /v1/assets (untimed)");
    m.put(
        "ours",
        "POST /v1/jobs {\"type\":\"transcode\",\"input\":{\"asset_id\":...},\"params\":{\"preset\":\""
            + PRESET
            + "\"}} as the admin tenant, then GET /v1/jobs/{id} every "
            + POLL_MS
            + " ms (fixed rate from the submit); "
            + "wall time from just before the submit to the job's finished_at (the first response saying succeeded is "
            + "recorded as succeeded_seen_wall_seconds). Includes dispatch, the copy of the source from storage into the "
            + "job's workspace, the source probe, ffmpeg, the output probe, the rendition's upload and completion");
    m.put(
        "baseline",
        "the same ffmpeg arguments (TranscodePlan.of + TranscodeCommand.arguments, the job's own "
            + "public builders, from a probe of the same file) run with ProcessBuilder on the generated source file, "
            + "stdin closed, stdout (-progress pipe:1) discarded, stderr to a file; timed from start() to exit");
    m.put(
        "schedule",
        WARMUPS
            + " untimed warm-up jobs and one untimed CLI run, then "
            + REPEATS
            + " rounds of (ours, CLI), "
            + SETTLE_MS
            + " ms pause before each run; medians of the "
            + REPEATS
            + " rounds");
    m.put(
        "realtime_factor",
        "media seconds (the plan's expected seconds, from the probed source duration) / "
            + "wall seconds");
    m.put(
        "phases",
        "a sampler lists this JVM's child processes every "
            + SAMPLE_MS
            + " ms (in both ways) and "
            + "records when each ffmpeg process is first seen and first seen gone, with its arguments from /proc; "
            + "job record timestamps (created_at, started_at, finished_at) give the server-side split");
    m.put(
        "checks",
        "the job's ffmpeg arguments, read from /proc while it runs, are compared with the baseline's "
            + "(only the input and output paths may differ); each round's rendition is downloaded (untimed) and its "
            + "size and SHA-256 recorded beside the CLI output's");
    m.put(
        "cpu",
        "per run, CPU seconds of the whole machine (/proc/stat busy ticks), of the ffmpeg processes (their "
            + "/proc CPU time when last seen alive, up to "
            + SAMPLE_MS
            + " ms before exit) and of this JVM "
            + "(OperatingSystemMXBean.getProcessCpuTime: the app, the client and the sampler) and of the embedded "
            + "PostgreSQL (its postmaster and backends, from /proc); 'other' is the rest (the OS, anything else on the "
            + "machine)");
    return m;
  }

  // ------------------------------------------------------------------------------------------------------ helpers

  private static List<String> prepend(String first, List<String> rest) {
    List<String> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private static void settle() throws InterruptedException {
    Thread.sleep(SETTLE_MS);
  }

  private static void killTree(Process p) {
    if (p.isAlive()) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Object secondsBetween(Instant a, Instant b) {
    return Results.round(Duration.between(a, b).toNanos() / 1e9);
  }

  private static String sha256(InputStream in, long[] size) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[64 * 1024];
    int n;
    long total = 0;
    while ((n = in.read(buffer)) != -1) {
      sha.update(buffer, 0, n);
      total += n;
    }
    size[0] = total;
    return HexFormat.of().formatHex(sha.digest());
  }

  static double medianOf(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
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
}
