package ai.omnix.pipeline.api.lifecycle;

import ai.omnix.pipeline.api.audit.ActionAudit;
import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.core.audit.AuditEventType;
import ai.omnix.pipeline.core.hold.LegalHold;
import ai.omnix.pipeline.core.hold.LegalHolds;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.store.asset.AssetRecord;
import ai.omnix.pipeline.store.asset.AssetRepository;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant deleting an asset: the asset and every asset derived from it, rows and bytes. In one
 * transaction: the legal-hold check (which locks the rows), marking the rows deleted, and the audit
 * event; the bytes go after the commit. Under a hold nothing is deleted and the refusal is audited.
 */
public final class AssetDeletion {
  private static final Logger log = LoggerFactory.getLogger(AssetDeletion.class);
  private static final int MAX_LISTED = 50;

  private final AssetRepository assets;
  private final BlobStore blobs;
  private final LegalHolds holds;
  private final ActionAudit audit;

  public AssetDeletion(
      AssetRepository assets, BlobStore blobs, LegalHolds holds, ActionAudit audit) {
    this.assets = assets;
    this.blobs = blobs;
    this.holds = holds;
    this.audit = audit;
  }

  private record Outcome(Optional<LegalHold> hold, List<AssetRecord> deleted) {}

  /**
   * @throws ApiProblem 409 {@code under_legal_hold} when a hold covers the asset, a derivative, or
   *     the tenant
   */
  public void delete(HttpServletRequest request, AssetRecord asset) {
    List<AssetRecord> doomed = new ArrayList<>();
    assets.derivatives(asset.tenantId(), asset.id()).forEach(d -> doomed.add(0, d.asset()));
    doomed.add(asset);
    List<String> ids = doomed.stream().map(AssetRecord::id).toList();
    List<String> derivatives = ids.subList(0, ids.size() - 1);
    Outcome outcome =
        audit.inTransaction(
            () -> {
              Optional<LegalHold> hold = holds.blockingDeletion(asset.tenantId(), ids);
              if (hold.isPresent()) {
                return new Outcome(hold, List.of());
              }
              List<AssetRecord> deleted = new ArrayList<>();
              for (AssetRecord a : doomed) {
                if (assets.markDeleted(a.tenantId(), a.id())) {
                  deleted.add(a);
                }
              }
              return new Outcome(hold, deleted);
            },
            o ->
                o.hold().isPresent()
                    ? null
                    : audit
                        .event(request, AuditEventType.ASSET_DELETED)
                        .resource("asset", asset.id())
                        .action("delete")
                        .with("derivatives", listed(derivatives))
                        .with("derivative_count", derivatives.size())
                        .with("bytes", o.deleted().stream().mapToLong(AssetRecord::size).sum())
                        .build());
    if (outcome.hold().isPresent()) {
      LegalHold hold = outcome.hold().get();
      audit.record(
          audit
              .event(request, AuditEventType.ASSET_DELETED)
              .resource("asset", asset.id())
              .action("delete")
              .success(false)
              .with("refused", "under_legal_hold")
              .with("legal_hold_id", hold.id().toString())
              .build());
      throw new ApiProblem(
          409,
          "under_legal_hold",
          "Under legal hold",
          hold.onTenant()
              ? "Your account is under a legal hold: nothing can be deleted until it is released."
              : hold.assetId().equals(asset.id())
                  ? "Asset " + asset.id() + " is under a legal hold and cannot be deleted."
                  : "Asset "
                      + hold.assetId()
                      + ", derived from "
                      + asset.id()
                      + ", is under a legal hold; deleting "
                      + asset.id()
                      + " would delete it.");
    }
    for (AssetRecord a : outcome.deleted()) {
      try {
        blobs.delete(a.blobKey());
      } catch (IOException e) {
        log.warn(
            "asset {} is marked deleted but its blob {} could not be removed yet",
            a.id(),
            a.blobKey(),
            e);
      }
    }
  }

  private static List<String> listed(List<String> ids) {
    return ids.size() <= MAX_LISTED ? ids : ids.subList(0, MAX_LISTED);
  }
}
