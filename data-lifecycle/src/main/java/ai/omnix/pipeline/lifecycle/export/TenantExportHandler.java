package ai.omnix.pipeline.lifecycle.export;

import ai.omnix.pipeline.core.audit.Actor;
import ai.omnix.pipeline.core.audit.AuditEvent;
import ai.omnix.pipeline.core.audit.AuditEventType;
import ai.omnix.pipeline.core.audit.AuditLog;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.lifecycle.BlobBackends;
import ai.omnix.pipeline.store.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes the tenant's export: a zip streamed to a temporary file (never held in memory), entry by
 * entry, each asset's bytes copied from its backend, each JSON document written row by row from a
 * cursor; then the file is stored as the job's output {@code export.zip}. Entry names are built
 * from ids and a sanitised file name, never from raw user input.
 */
public final class TenantExportHandler implements JobHandler {
  static final String OUTPUT = "export.zip";
  private static final Actor ACTOR = Actor.system(TenantExportJobType.NAME);

  private final JdbcClient jdbc;
  private final BlobBackends backends;
  private final AuditLog audit;

  public TenantExportHandler(JdbcClient jdbc, BlobBackends backends, AuditLog audit) {
    this.jdbc = jdbc;
    this.backends = backends;
    this.audit = audit;
  }

  @Override
  public String type() {
    return TenantExportJobType.NAME;
  }

  private record AssetRow(String id, String backend, String key, String filename) {}

  @Override
  public JobResult handle(JobExecution execution) throws Exception {
    TenantId tenant = execution.tenantId();
    Path file = Files.createTempFile("export-", ".zip");
    long assets = 0;
    long jobs;
    Long ledger = null;
    Long messages = null;
    try {
      try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
        List<AssetRow> rows =
            jdbc.sql(
                    "select id, backend, blob_key, filename from assets where tenant_id = ? "
                        + "and status = 'ready' order by created_at, id")
                .param(tenant.value())
                .query(
                    (rs, n) ->
                        new AssetRow(
                            rs.getString("id"),
                            rs.getString("backend"),
                            rs.getString("blob_key"),
                            rs.getString("filename")))
                .list();
        for (AssetRow asset : rows) {
          execution.throwIfCanceled();
          zip.putNextEntry(new ZipEntry("assets/" + asset.id() + "/" + safeName(asset.filename())));
          try (InputStream in = backends.get(asset.backend()).open(new BlobKey(asset.key()))) {
            in.transferTo(zip);
          }
          zip.closeEntry();
          assets++;
        }
        zip.putNextEntry(new ZipEntry("assets.json"));
        jsonArray(
            zip,
            "select id, filename, content_type, size, sha256, source_asset_id, derived_by_job_id, retention,"
                + " expires_at, created_at from assets where tenant_id = ? and status = 'ready' order by created_at, id",
            tenant);
        zip.closeEntry();
        zip.putNextEntry(new ZipEntry("jobs.json"));
        jobs =
            jsonArray(
                zip,
                "select id, type, status, input::text as input, params::text as params, result::text as result,"
                    + " error_code, error_message, credits_estimated, credits_actual, created_at, finished_at"
                    + " from jobs where tenant_id = ? order by created_at, id",
                tenant);
        zip.closeEntry();
        if (jdbc.sql("select to_regclass('chat_messages') is not null")
            .query(Boolean.class)
            .single()) {
          zip.putNextEntry(new ZipEntry("chat_messages.json"));
          messages =
              jsonArray(
                  zip,
                  "select m.conversation_id, c.title, m.seq, m.role, m.content, m.model, m.status,"
                      + " m.created_at from chat_messages m join chat_conversations c on c.id = m.conversation_id"
                      + " where c.tenant_id = ? order by c.created_at, m.conversation_id, m.seq",
                  tenant);
          zip.closeEntry();
        }
        if (jdbc.sql("select to_regclass('ledger_entries') is not null")
            .query(Boolean.class)
            .single()) {
          zip.putNextEntry(new ZipEntry("ledger.json"));
          ledger =
              jsonArray(
                  zip,
                  "select id, kind, debit_account, credit_account, amount_millis, reference, created_at"
                      + " from ledger_entries where tenant_id = ? order by id",
                  tenant);
          zip.closeEntry();
        }
      }
      JobAssets.OutputAsset out;
      try (InputStream in = Files.newInputStream(file)) {
        out = execution.assets().write(OUTPUT, null, in, Files.size(file), "application/zip");
      }
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("assets", assets);
      summary.put("jobs", jobs);
      if (messages != null) {
        summary.put("chat_messages", messages);
      }
      if (ledger != null) {
        summary.put("ledger_entries", ledger);
      }
      summary.put("bytes", out.size());
      summary.put("export_asset_id", out.id());
      summary.put("download", "/v1/assets/" + out.id() + "/content");
      audit.record(
          AuditEvent.of(AuditEventType.DATA_EXPORTED, ACTOR)
              .tenant(tenant)
              .resource("asset", out.id())
              .action("export")
              .with("job_id", execution.jobId().toString())
              .with("assets", assets)
              .with("jobs", jobs)
              .with("bytes", out.size())
              .build());
      return new JobResult(List.of(out.id()), summary);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Writes the rows as a JSON array, one row at a time; returns how many. */
  private long jsonArray(OutputStream out, String sql, TenantId tenant) {
    long[] count = {0};
    write(out, "[");
    jdbc.sql(sql)
        .param(tenant.value())
        .query(
            (ResultSet rs) -> {
              write(out, (count[0]++ == 0 ? "\n" : ",\n") + Json.write(row(rs)));
            });
    write(out, "\n]\n");
    return count[0];
  }

  private static Map<String, Object> row(ResultSet rs) throws SQLException {
    Map<String, Object> row = new LinkedHashMap<>();
    int columns = rs.getMetaData().getColumnCount();
    for (int i = 1; i <= columns; i++) {
      String name = rs.getMetaData().getColumnLabel(i);
      Object value = rs.getObject(i);
      if (value instanceof Timestamp t) {
        value = t.toInstant().toString();
      } else if (value instanceof String s
          && (name.equals("input") || name.equals("params") || name.equals("result"))) {
        value = Json.readMap(s);
      } else if (value != null && !(value instanceof Number) && !(value instanceof Boolean)) {
        value = value.toString();
      }
      row.put(name, value);
    }
    return row;
  }

  private static void write(OutputStream out, String text) {
    try {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file name safe as a zip entry's last segment: no separators, no dot-only names. */
  static String safeName(String filename) {
    String name = filename == null ? "" : filename.replaceAll("[^A-Za-z0-9._ -]", "_").strip();
    if (name.isEmpty() || name.chars().allMatch(c -> c == '.')) {
      return "file";
    }
    return name.length() > 120 ? name.substring(0, 120) : name;
  }
}
