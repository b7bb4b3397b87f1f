package ai.omnix.pipeline.store.asset;

import ai.omnix.pipeline.core.retention.AssetRetention;
import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.json.Json;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Assets and their lineage. Every read is scoped to a tenant. Thread-safe. */
public class AssetRepository {
  private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Lineage walks stop here: a derivation chain deeper than this is a bug, not data. */
  public static final int MAX_LINEAGE_DEPTH = 32;

  private final JdbcClient jdbc;
  private final Clock clock;

  public AssetRepository(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** A new asset id: {@code ast_} and 24 random base-36 characters (about 124 bits). */
  public static String newId() {
    char[] chars = new char[24];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return "ast_" + new String(chars);
  }

  /** The key an asset's bytes live under: always below the tenant's own prefix. */
  public static BlobKey blobKey(TenantId tenant, String assetId) {
    return BlobKey.of("tenants", tenant.value(), "assets", assetId);
  }

  public record NewAsset(
      String id,
      TenantId tenantId,
      BlobKey blobKey,
      String backend,
      String filename,
      String contentType,
      long size,
      String sha256,
      String sourceAssetId,
      UUID derivedByJobId,
      String uploadId,
      Map<String, Object> metadata,
      AssetRetention retention) {

    /** An asset kept by its tenant's policy. */
    public NewAsset(
        String id,
        TenantId tenantId,
        BlobKey blobKey,
        String backend,
        String filename,
        String contentType,
        long size,
        String sha256,
        String sourceAssetId,
        UUID derivedByJobId,
        String uploadId,
        Map<String, Object> metadata) {
      this(
          id,
          tenantId,
          blobKey,
          backend,
          filename,
          contentType,
          size,
          sha256,
          sourceAssetId,
          derivedByJobId,
          uploadId,
          metadata,
          AssetRetention.policy());
    }

    /** The same asset with another retention. */
    public NewAsset withRetention(AssetRetention newRetention) {
      return new NewAsset(
          id,
          tenantId,
          blobKey,
          backend,
          filename,
          contentType,
          size,
          sha256,
          sourceAssetId,
          derivedByJobId,
          uploadId,
          metadata,
          newRetention);
    }
  }

  public AssetRecord insert(NewAsset asset) {
    Instant now = clock.instant();
    jdbc.sql(
            """
        insert into assets (id, tenant_id, blob_key, backend, status, filename, content_type, size, sha256,
          source_asset_id, derived_by_job_id, upload_id, metadata, created_at, retention, expires_at)
        values (?, ?, ?, ?, 'ready', ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)""")
        .params(
            asset.id(),
            asset.tenantId().value(),
            asset.blobKey().value(),
            asset.backend(),
            asset.filename(),
            asset.contentType(),
            asset.size(),
            asset.sha256(),
            asset.sourceAssetId(),
            asset.derivedByJobId(),
            asset.uploadId(),
            Json.write(asset.metadata() == null ? Map.of() : asset.metadata()),
            Timestamp.from(now),
            retentionMode(asset),
            retentionDeadline(asset))
        .update();
    return find(asset.tenantId(), asset.id()).orElseThrow();
  }

  public Optional<AssetRecord> find(TenantId tenant, String id) {
    return jdbc.sql("select * from assets where id = ? and tenant_id = ? and status = 'ready'")
        .params(id, tenant.value())
        .query(AssetRepository::map)
        .optional();
  }

  public Optional<AssetRecord> findByUpload(TenantId tenant, String uploadId) {
    return jdbc.sql(
            "select * from assets where upload_id = ? and tenant_id = ? and status = 'ready'")
        .params(uploadId, tenant.value())
        .query(AssetRepository::map)
        .optional();
  }

  /** How many of {@code ids} are the tenant's ready assets. */
  public int countOwned(TenantId tenant, List<String> ids) {
    return jdbc.sql(
            "select count(*) from assets where tenant_id = ? and status = 'ready' and id = any(?)")
        .params(tenant.value(), ids.toArray(String[]::new))
        .query(Integer.class)
        .single();
  }

  public record Derivative(AssetRecord asset, int depth) {}

  /** Every asset derived from {@code id}, directly or not, with its distance from it. */
  public List<Derivative> derivatives(TenantId tenant, String id) {
    return jdbc.sql(
            """
        with recursive lineage(id, depth) as (
          select id, 1 from assets where source_asset_id = ? and tenant_id = ?
          union all
          select a.id, l.depth + 1 from assets a join lineage l on a.source_asset_id = l.id
          where l.depth < ? and a.tenant_id = ?
        )
        select a.*, l.depth from lineage l join assets a on a.id = l.id
        where a.status = 'ready' order by l.depth, a.created_at, a.id""")
        .params(id, tenant.value(), MAX_LINEAGE_DEPTH, tenant.value())
        .query((rs, n) -> new Derivative(map(rs, n), rs.getInt("depth")))
        .list();
  }

  /**
   * A page of {@link #derivatives(TenantId, String)}, in the same order (depth, creation, id),
   * after the given position (all three null for the first page), at most {@code limit} of them.
   */
  public List<Derivative> derivatives(
      TenantId tenant,
      String id,
      Integer afterDepth,
      Instant afterCreatedAt,
      String afterId,
      int limit) {
    boolean first = afterDepth == null;
    return jdbc.sql(
            """
        with recursive lineage(id, depth) as (
          select id, 1 from assets where source_asset_id = ? and tenant_id = ?
          union all
          select a.id, l.depth + 1 from assets a join lineage l on a.source_asset_id = l.id
          where l.depth < ? and a.tenant_id = ?
        )
        select a.*, l.depth from lineage l join assets a on a.id = l.id
        where a.status = 'ready' and (? or (l.depth, a.created_at, a.id) > (?, ?, ?))
        order by l.depth, a.created_at, a.id limit ?""")
        .params(
            id,
            tenant.value(),
            MAX_LINEAGE_DEPTH,
            tenant.value(),
            first,
            first ? 0 : afterDepth,
            first ? Timestamp.from(Instant.EPOCH) : Timestamp.from(afterCreatedAt),
            first ? "" : afterId,
            limit)
        .query((rs, n) -> new Derivative(map(rs, n), rs.getInt("depth")))
        .list();
  }

  /** The ids of every ready asset derived from {@code id}, deepest first. */
  public List<String> derivativeIds(TenantId tenant, String id) {
    return jdbc.sql(
            """
        with recursive lineage(id, depth) as (
          select id, 1 from assets where source_asset_id = ? and tenant_id = ?
          union all
          select a.id, l.depth + 1 from assets a join lineage l on a.source_asset_id = l.id
          where l.depth < ? and a.tenant_id = ?
        )
        select a.id from lineage l join assets a on a.id = l.id
        where a.status = 'ready' order by l.depth desc, a.id""")
        .params(id, tenant.value(), MAX_LINEAGE_DEPTH, tenant.value())
        .query(String.class)
        .list();
  }

  /**
   * How many ready assets derive from {@code id}, counting no further than {@code cap} (so asking
   * whether a lineage is small costs little however large it is).
   */
  public int countDerivatives(TenantId tenant, String id, int cap) {
    return jdbc.sql(
            """
        with recursive lineage(id, depth) as (
          select id, 1 from assets where source_asset_id = ? and tenant_id = ?
          union all
          select a.id, l.depth + 1 from assets a join lineage l on a.source_asset_id = l.id
          where l.depth < ? and a.tenant_id = ?
        )
        select count(*) from (select 1 from lineage l join assets a on a.id = l.id
                              where a.status = 'ready' limit ?) capped""")
        .params(id, tenant.value(), MAX_LINEAGE_DEPTH, tenant.value(), cap)
        .query(Integer.class)
        .single();
  }

  /**
   * Records a job's named output, replacing the row of an earlier attempt's output of the same name
   * (whose blob lives at the same key and was overwritten). Returns the stored asset.
   */
  public AssetRecord upsertOutput(NewAsset asset, String outputName) {
    Instant now = clock.instant();
    return jdbc.sql(
            """
        insert into assets (id, tenant_id, blob_key, backend, status, filename, content_type, size, sha256,
          source_asset_id, derived_by_job_id, output_name, metadata, created_at, retention, expires_at)
        values (?, ?, ?, ?, 'ready', ?, ?, ?, ?, ?, ?, ?, '{}'::jsonb, ?, ?, ?)
        on conflict (derived_by_job_id, output_name) where derived_by_job_id is not null and output_name is not null
        do update set size = excluded.size, sha256 = excluded.sha256, content_type = excluded.content_type,
          status = 'ready', deleted_at = null
        returning *""")
        .params(
            asset.id(),
            asset.tenantId().value(),
            asset.blobKey().value(),
            asset.backend(),
            asset.filename(),
            asset.contentType(),
            asset.size(),
            asset.sha256(),
            asset.sourceAssetId(),
            asset.derivedByJobId(),
            outputName,
            Timestamp.from(now),
            retentionMode(asset),
            retentionDeadline(asset))
        .query(AssetRepository::map)
        .single();
  }

  /**
   * A job's ready output stored under {@code outputName} (its path inside the job's output set,
   * e.g. {@code hls/720p/index.m3u8}), or empty when the tenant has no such output.
   */
  public Optional<AssetRecord> findOutput(TenantId tenant, UUID jobId, String outputName) {
    return jdbc.sql(
            "select * from assets where derived_by_job_id = ? and output_name = ? and tenant_id = ? "
                + "and status = 'ready'")
        .params(jobId, outputName, tenant.value())
        .query(AssetRepository::map)
        .optional();
  }

  /**
   * The key of a job's named output: below the tenant's prefix, stable across the job's attempts.
   */
  public static BlobKey outputKey(TenantId tenant, UUID jobId, String outputName) {
    return new BlobKey("tenants/" + tenant.value() + "/jobs/" + jobId + "/" + outputName);
  }

  /** Merges {@code facts} into the asset's metadata under {@code key}. */
  public boolean annotate(TenantId tenant, String id, String key, Map<String, Object> facts) {
    return jdbc.sql(
                "update assets set metadata = metadata || jsonb_build_object(?, ?::jsonb) "
                    + "where id = ? and tenant_id = ? and status = 'ready'")
            .params(key, ai.omnix.pipeline.store.json.Json.write(facts), id, tenant.value())
            .update()
        == 1;
  }

  /**
   * Marks an asset deleted; its blob is removed by the caller. Returns false when it was not the
   * tenant's.
   */
  public boolean markDeleted(TenantId tenant, String id) {
    return jdbc.sql(
                "update assets set status = 'deleted', deleted_at = ? where id = ? and tenant_id = ? "
                    + "and status = 'ready'")
            .params(Timestamp.from(clock.instant()), id, tenant.value())
            .update()
        == 1;
  }

  public List<AssetRecord> list(
      TenantId tenant, Instant cursorCreatedAt, String cursorId, int limit) {
    if (cursorCreatedAt == null) {
      return jdbc.sql(
              "select * from assets where tenant_id = ? and status = 'ready' "
                  + "order by created_at desc, id desc limit ?")
          .params(tenant.value(), limit)
          .query(AssetRepository::map)
          .list();
    }
    return jdbc.sql(
            "select * from assets where tenant_id = ? and status = 'ready' and (created_at, id) < (?, ?) "
                + "order by created_at desc, id desc limit ?")
        .params(tenant.value(), Timestamp.from(cursorCreatedAt), cursorId, limit)
        .query(AssetRepository::map)
        .list();
  }

  private static String retentionMode(NewAsset asset) {
    return asset.retention() == null ? "policy" : asset.retention().mode().wireName();
  }

  /** Null for policy retention: the insert trigger computes the deadline from the policy. */
  private static Timestamp retentionDeadline(NewAsset asset) {
    return asset.retention() == null || asset.retention().mode() == AssetRetention.Mode.POLICY
        ? null
        : Timestamp.from(asset.retention().expiresAt());
  }

  static AssetRecord map(ResultSet rs, int row) throws SQLException {
    return new AssetRecord(
        rs.getString("id"),
        new TenantId(rs.getString("tenant_id")),
        new BlobKey(rs.getString("blob_key")),
        rs.getString("backend"),
        rs.getString("status"),
        rs.getString("filename"),
        rs.getString("content_type"),
        rs.getLong("size"),
        rs.getString("sha256"),
        rs.getString("source_asset_id"),
        rs.getObject("derived_by_job_id", UUID.class),
        Json.readMap(rs.getString("metadata")),
        rs.getTimestamp("created_at").toInstant(),
        new AssetRetention(
            AssetRetention.Mode.fromWireName(rs.getString("retention")),
            rs.getTimestamp("expires_at").toInstant()),
        rs.getBoolean("legal_hold"));
  }
}
