package ai.omnix.pipeline.store.job;

import ai.omnix.pipeline.core.job.JobId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every output of a succeeded job, in its handler's order, kept apart from the job's result: the
 * result (and with it the job's JSON, job lists and webhook payloads) carries only the first {@link
 * #INLINE} ids and the total, and the API pages through the rest. An HLS ladder of a long source
 * has tens of thousands of outputs. Thread-safe.
 */
public final class JobOutputs {
  /** How many output ids a job's result carries inline. */
  public static final int INLINE = 100;

  private final JdbcClient jdbc;

  public JobOutputs(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** One output of a job, with what is known of its asset (null fields once it is deleted). */
  public record JobOutput(
      int position, String assetId, String name, String contentType, Long size, String status) {}

  /**
   * The result a succeeded job stores: the first {@link #INLINE} output ids, their total and
   * whether more exist, and the handler's summary.
   */
  static Map<String, Object> boundedResult(List<String> outputs, Map<String, Object> summary) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("output_asset_ids", outputs.size() <= INLINE ? outputs : outputs.subList(0, INLINE));
    wire.put("output_count", outputs.size());
    wire.put("has_more_outputs", outputs.size() > INLINE);
    wire.put("summary", summary);
    return wire;
  }

  /** Records all of a job's outputs, in the caller's transaction (the one that ends the job). */
  static void record(JdbcClient jdbc, JobId job, List<String> outputs) {
    if (outputs.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
        insert into job_outputs (job_id, position, asset_id)
        select ?, o.n - 1, o.asset_id from unnest(?::text[]) with ordinality as o(asset_id, n)
        on conflict do nothing""")
        .params(job.value(), outputs.toArray(String[]::new))
        .update();
  }

  /**
   * A page of the job's outputs after {@code afterPosition} (-1 for the first page), at most {@code
   * limit} of them. The caller has checked that the job is the tenant's.
   */
  public List<JobOutput> page(JobId job, int afterPosition, int limit) {
    return jdbc.sql(
            """
        select o.position, o.asset_id, a.output_name, a.content_type, a.size, a.status
        from job_outputs o left join assets a on a.id = o.asset_id
        where o.job_id = ? and o.position > ? order by o.position limit ?""")
        .params(job.value(), afterPosition, limit)
        .query(
            (rs, n) ->
                new JobOutput(
                    rs.getInt("position"),
                    rs.getString("asset_id"),
                    rs.getString("output_name"),
                    rs.getString("content_type"),
                    rs.getObject("size") == null ? null : rs.getLong("size"),
                    rs.getString("status") == null ? "deleted" : rs.getString("status")))
        .list();
  }
}
