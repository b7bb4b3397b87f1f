package ai.omnix.pipeline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real application, started in this JVM with explicit command-line properties (which win over
 * application.yml): an external database (so no embedded PostgreSQL of its own), a random loopback
 * port, no JobRunr dashboard.
 */
final class PipelineApp implements AutoCloseable {
  /**
   * Loaded by name: pipeline-launcher ships as an executable jar, so its classes are only on the
   * classpath that bench/run.sh assembles (target/launcher-classes), not on this module's compile
   * classpath.
   */
  static final String MAIN_CLASS = "ai.omnix.pipeline.launcher.PipelineApplication";

  final ConfigurableApplicationContext context;
  final String baseUrl;
  final String adminKey;

  /** The app's {@code omnix.data-dir}, a fresh temp directory. */
  final Path dataDir;

  private PipelineApp(
      ConfigurableApplicationContext context, String baseUrl, String adminKey, Path dataDir) {
    this.context = context;
    this.baseUrl = baseUrl;
    this.adminKey = adminKey;
    this.dataDir = dataDir;
  }

  static String randomAdminKey() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return "omx_bench_" + HexFormat.of().formatHex(bytes);
  }

  /** The command-line arguments shared by in-process apps and child worker JVMs. */
  static List<String> commonArgs(
      String jdbcUrl, String roles, Path dataDir, Map<String, String> extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--omnix.roles=" + roles,
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--jobrunr.dashboard.enabled=false",
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--omnix.data-dir=" + dataDir,
                "--spring.main.banner-mode=off"));
    extra.forEach((key, value) -> args.add("--" + key + "=" + value));
    return args;
  }

  static PipelineApp start(String jdbcUrl, String roles, Map<String, String> extra) {
    String adminKey = randomAdminKey();
    Path dataDir;
    try {
      dataDir = Files.createTempDirectory("omnix-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> args = commonArgs(jdbcUrl, roles, dataDir, extra);
    args.add("--omnix.api.bootstrap-api-key=" + adminKey);
    args.add("--logging.level.root=WARN");
    args.add("--logging.level.org.jobrunr.jobs.filters=ERROR");
    Class<?> main;
    try {
      main = Class.forName(MAIN_CLASS);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          MAIN_CLASS + " is not on the classpath; start the benchmarks with bench/run.sh", e);
    }
    ConfigurableApplicationContext context =
        SpringApplication.run(main, args.toArray(String[]::new));
    String port = context.getEnvironment().getProperty("local.server.port");
    if (port == null) {
      context.close();
      throw new IllegalStateException("the application did not report local.server.port");
    }
    return new PipelineApp(context, "http://127.0.0.1:" + port, adminKey, dataDir);
  }

  @Override
  public void close() {
    context.close();
  }
}
