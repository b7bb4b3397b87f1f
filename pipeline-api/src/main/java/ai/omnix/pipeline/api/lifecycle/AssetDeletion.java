package ai.omnix.pipeline.api.lifecycle;

import ai.omnix.pipeline.api.audit.ActionAudit;
import ai.omnix.pipeline.api.auth.ApiKeyAuthenticationFilter;
import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.core.audit.AuditEventType;
import ai.omnix.pipeline.core.hold.LegalHold;
import ai.omnix.pipeline.core.hold.LegalHolds;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.store.asset.AssetRecord;
import ai.omnix.pipeline.store.asset.AssetRepository;
import ai.omnix.pipeline.store.job.JobRecord;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant deleting an asset: the asset and every asset derived from it, rows and bytes.
 *
 * <p>An asset with at most {@code inlineMaxDerivatives} derivatives is deleted inside the request,
 * in one transaction: the legal-hold check (which locks the rows), marking the rows deleted, and
 * the audit event; the bytes go after the commit. One with more (an HLS ladder has thousands of
 * segments) is deleted by a job ({@link LineageDeletionJobs}): in one transaction the same
 * legal-hold check, the asset itself marked deleted (it is gone for the tenant at once), the job
 * created and the audit event; the job then deletes the lineage in chunks, verifying each blob gone
 * on its backend, and resumes after a crash. Under a hold nothing is deleted and the refusal is
 * audited.
 */
public final class AssetDeletion {
  private static final Logger log = LoggerFactory.getLogger(AssetDeletion.class);
  private static final int MAX_LISTED = 50;

  private final AssetRepository assets;
  private final BlobStore blobs;
  private final LegalHolds holds;
  private final ActionAudit audit;
  private final LineageDeletionJobs background;
  private final int inlineMaxDerivatives;

  /** Deletes every lineage inline. */
  public AssetDeletion(
      AssetRepository assets, BlobStore blobs, LegalHolds holds, ActionAudit audit) {
    this(assets, blobs, holds, audit, null, Integer.MAX_VALUE);
  }

  /**
   * @param background starts the job for a large lineage; null deletes every lineage inline
   * @param inlineMaxDerivatives the most derivatives an asset deleted inside the request has
   */
  public AssetDeletion(
      AssetRepository assets,
      BlobStore blobs,
      LegalHolds holds,
      ActionAudit audit,
      LineageDeletionJobs background,
      int inlineMaxDerivatives) {
    if (inlineMaxDerivatives < 0) {
      throw new IllegalArgumentException("inlineMaxDerivatives must not be negative");
    }
    this.assets = assets;
    this.blobs = blobs;
    this.holds = holds;
    this.audit = audit;
    this.background = background;
    this.inlineMaxDerivatives = inlineMaxDerivatives;
  }

  private record Outcome(Optional<LegalHold> hold, List<AssetRecord> deleted) {}

  private record Started(Optional<LegalHold> hold, JobRecord job) {}

  /**
   * Deletes the asset and its lineage, inline or by a job.
   *
   * @return the job deleting the lineage, or empty when everything was deleted inline
   * @throws ApiProblem 409 {@code under_legal_hold} when a hold covers the asset, a derivative, or
   *     the tenant
   */
  public Optional<JobRecord> delete(HttpServletRequest request, AssetRecord asset) {
    if (background != null
        && inlineMaxDerivatives < Integer.MAX_VALUE
        && assets.countDerivatives(asset.tenantId(), asset.id(), inlineMaxDerivatives + 1)
            > inlineMaxDerivatives) {
      return Optional.of(deleteInBackground(request, asset));
    }
    deleteInline(request, asset);
    return Optional.empty();
  }

  private JobRecord deleteInBackground(HttpServletRequest request, AssetRecord asset) {
    Tenant tenant = ApiKeyAuthenticationFilter.principal(request).tenant();
    List<String> ids = new ArrayList<>(assets.derivativeIds(asset.tenantId(), asset.id()));
    int derivativeCount = ids.size();
    List<String> firstListed = listed(List.copyOf(ids));
    ids.add(asset.id());
    Started started =
        audit.inTransaction(
            () -> {
              Optional<LegalHold> hold = holds.blockingDeletion(asset.tenantId(), ids);
              if (hold.isPresent() || !assets.markDeleted(asset.tenantId(), asset.id())) {
                return new Started(hold, null);
              }
              return new Started(
                  hold,
                  background.start(tenant, asset.id(), Map.of("deleting_asset_id", asset.id())));
            },
            s ->
                s.job() == null
                    ? null
                    : audit
                        .event(request, AuditEventType.ASSET_DELETED)
                        .resource("asset", asset.id())
                        .action("delete")
                        .with("derivatives", firstListed)
                        .with("derivative_count", derivativeCount)
                        .with("job_id", s.job().id().toString())
                        .build());
    if (started.hold().isPresent()) {
      throw refused(request, asset, started.hold().get());
    }
    if (started.job() == null) {
      // deleted by a concurrent request between the lookup and the lock
      throw ApiProblem.notFound("Asset " + asset.id());
    }
    return started.job();
  }

  private void deleteInline(HttpServletRequest request, AssetRecord asset) {
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
      throw refused(request, asset, outcome.hold().get());
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

  /** Audits the refusal and returns the problem to answer with. */
  private ApiProblem refused(HttpServletRequest request, AssetRecord asset, LegalHold hold) {
    audit.record(
        audit
            .event(request, AuditEventType.ASSET_DELETED)
            .resource("asset", asset.id())
            .action("delete")
            .success(false)
            .with("refused", "under_legal_hold")
            .with("legal_hold_id", hold.id().toString())
            .build());
    return new ApiProblem(
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

  private static List<String> listed(List<String> ids) {
    return ids.size() <= MAX_LISTED ? ids : ids.subList(0, MAX_LISTED);
  }
}
