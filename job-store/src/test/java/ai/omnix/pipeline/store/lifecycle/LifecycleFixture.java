package ai.omnix.pipeline.store.lifecycle;

import ai.omnix.pipeline.core.retention.AssetRetention;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.StoreFixture;
import ai.omnix.pipeline.store.asset.AssetRecord;
import ai.omnix.pipeline.store.asset.AssetRepository;
import java.util.Map;

/** Assets for lifecycle tests, on a {@link StoreFixture}. */
final class LifecycleFixture {
  private LifecycleFixture() {}

  static AssetRecord anAsset(
      AssetRepository assets, TenantId tenant, String sourceId, AssetRetention retention) {
    String id = AssetRepository.newId();
    return assets.insert(
        new AssetRepository.NewAsset(
                id,
                tenant,
                AssetRepository.blobKey(tenant, id),
                "local",
                "f.txt",
                "text/plain",
                1,
                "x",
                sourceId,
                null,
                null,
                Map.of())
            .withRetention(retention));
  }

  static AssetRecord anAsset(AssetRepository assets, TenantId tenant) {
    return anAsset(assets, tenant, null, AssetRetention.policy());
  }

  static StoreFixture store() {
    return new StoreFixture();
  }
}
