package ai.omnix.pipeline.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs one benchmark per JVM (bench/run.sh starts one JVM each, so every benchmark gets its own
 * embedded PostgreSQL server): {@code submission}, {@code e2e}, {@code orphan}, {@code upload},
 * {@code transcode}, {@code thumbnail}, {@code document}, {@code generation}, {@code chat}, {@code
 * audit}, {@code sse}, {@code escrow}, {@code reconcile} or {@code invoicing}. Prints a summary and
 * writes bench/results/&lt;name&gt;.json. Exit status 0 whenever the benchmark produced figures,
 * whatever they are; 1 when it could not run.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) {
    if (args.length != 1
        || !List.of(
                "submission",
                "e2e",
                "orphan",
                "upload",
                "transcode",
                "thumbnail",
                "document",
                "generation",
                "chat",
                "audit",
                "sse",
                "escrow",
                "reconcile",
                "invoicing",
                "lifecycle")
            .contains(args[0])) {
      System.err.println(
          "usage: BenchMain submission|e2e|orphan|upload|transcode|thumbnail|document|generation|chat|audit|sse|escrow|reconcile|invoicing|lifecycle");
      System.exit(2);
    }
    int status = 0;
    Logs.quiet();
    try {
      BenchConfig config = BenchConfig.fromEnvironment();
      Map<String, Object> result =
          switch (args[0]) {
            case "submission" -> SubmissionBench.run(config);
            case "e2e" -> EndToEndBench.run(config);
            case "upload" -> UploadBench.run(config);
            case "transcode" -> TranscodeBench.run(config);
            case "thumbnail" -> ThumbnailBench.run(config);
            case "document" -> DocumentBench.run(config);
            case "generation" -> GenerationBench.run(config);
            case "chat" -> ChatBench.run(config);
            case "audit" -> AuditBench.run(config);
            case "sse" -> EventStreamBench.run(config);
            case "escrow" -> EscrowBench.run(config);
            case "reconcile" -> BillingBench.reconcile(config);
            case "invoicing" -> BillingBench.invoicing(config);
            case "lifecycle" -> LifecycleBench.run(config);
            default -> OrphanRecoveryBench.run(config);
          };
      String name =
          switch (args[0]) {
            case "submission" -> "submission";
            case "e2e" -> "end-to-end";
            case "upload" -> "upload";
            case "transcode" -> "transcode";
            case "thumbnail" -> "thumbnail";
            case "document" -> "document";
            case "generation" -> "generation";
            case "chat" -> "chat";
            case "audit" -> "audit";
            case "sse" -> "sse";
            case "escrow" -> "escrow";
            case "reconcile" -> "reconcile";
            case "invoicing" -> "invoicing";
            case "lifecycle" -> "lifecycle";
            default -> "orphan-recovery";
          };
      Path file = Results.write(config, name, result);
      System.out.println("results written to " + file);
    } catch (Throwable e) {
      System.err.println("benchmark " + args[0] + " failed:");
      e.printStackTrace();
      status = 1;
    } finally {
      Children.killAll();
    }
    // Exit explicitly: leftover non-daemon threads (HTTP client, pools) must not keep the JVM
    // alive. The shutdown
    // hooks then stop the embedded PostgreSQL and any child JVM still alive.
    System.exit(status);
  }
}
