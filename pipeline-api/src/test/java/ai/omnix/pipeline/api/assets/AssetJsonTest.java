package ai.omnix.pipeline.api.assets;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.retention.AssetRetention;
import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.asset.AssetRecord;
import ai.omnix.pipeline.store.json.Json;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The asset's JSON, byte for byte. */
class AssetJsonTest {

  @Test
  void writesTheAssetWithItsRetentionAndHoldButNotWhereItIsStored() {
    Instant t = Instant.parse("2026-02-01T12:00:00Z");
    AssetRecord asset =
        new AssetRecord(
            "ast_1",
            new TenantId("t1"),
            BlobKey.of("tenants", "t1", "ast_1"),
            "s3",
            "ready",
            "a.mp4",
            "video/mp4",
            42,
            "abc",
            "ast_0",
            UUID.fromString("11111111-2222-3333-4444-555555555555"),
            Map.of("w", 1),
            t,
            new AssetRetention(AssetRetention.Mode.POLICY, t.plusSeconds(60)),
            true);
    assertThat(Json.write(AssetJson.of(asset)))
        .isEqualTo(
            "{\"id\":\"ast_1\",\"object\":\"asset\",\"status\":\"ready\",\"filename\":\"a.mp4\","
                + "\"content_type\":\"video/mp4\",\"size\":42,\"sha256\":\"abc\","
                + "\"source_asset_id\":\"ast_0\","
                + "\"derived_by_job_id\":\"11111111-2222-3333-4444-555555555555\","
                + "\"metadata\":{\"w\":1},\"created_at\":\"2026-02-01T12:00:00Z\","
                + "\"retention\":\"policy\",\"expires_at\":\"2026-02-01T12:01:00Z\","
                + "\"legal_hold\":true}");
  }
}
