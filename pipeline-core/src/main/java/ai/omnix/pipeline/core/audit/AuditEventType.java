package ai.omnix.pipeline.core.audit;

/**
 * Every kind of event the audit log records: the one list. The name is what is stored and shown
 * (upper snake case, as the product's {@code DATA_RETENTION_ENFORCED}); adding a kind is adding a
 * constant here. Each says who records it and what its resource is.
 */
public enum AuditEventType {
  /** A tenant was created (admin API, or the bootstrap at first start). Resource: the tenant. */
  TENANT_CREATED,
  /** An API key was issued (its own tenant, tenant creation, bootstrap). Resource: the key id. */
  API_KEY_ISSUED,
  /** An API key was revoked. Resource: the key id. */
  API_KEY_REVOKED,
  /**
   * Requests were refused for their credentials. Rate-limited: at most one event per client address
   * per window, its metadata counting the failures it stands for ({@code failures}).
   */
  AUTHENTICATION_FAILED,
  /**
   * An asset was deleted by its tenant with its whole lineage (metadata lists the derivatives), or
   * the deletion was refused ({@code success: false}, e.g. under legal hold). Resource: the asset.
   */
  ASSET_DELETED,
  /** A tenant's retention override was set or cleared (admin). Resource: the tenant. */
  RETENTION_POLICY_CHANGED,
  /** A legal hold was placed on a tenant or an asset (admin). Resource: the hold. */
  LEGAL_HOLD_PLACED,
  /** A legal hold was released (admin). Resource: the hold. */
  LEGAL_HOLD_RELEASED,
  /** An operator signed in to the web console. Actor: the operator. */
  OPERATOR_SIGNED_IN,
  /**
   * An operator requeued failed jobs in bulk from the console (each as a new job, linked by its
   * metadata {@code requeued_from}). Metadata: the filter, the previewed and matched counts, the
   * old and new job ids.
   */
  JOBS_REQUEUED,
  /** An operator canceled a tenant's queued jobs from the console. Resource: the tenant. */
  JOBS_CANCELED,
  /**
   * An operator asked for a job's failed webhook deliveries to be sent again. Resource: the job.
   */
  WEBHOOKS_REDELIVERED,

  // Reserved for work that lands later; nothing records these yet.

  /** A tenant's plan changed (billing: upgrade, downgrade, Stripe subscription events). */
  PLAN_CHANGED,
  /** Credits were granted or purchased (billing's ledger). */
  CREDITS_GRANTED,
  /** A credit package was bought (billing, Stripe checkout). Resource: the payment. */
  CREDITS_PURCHASED,
  /** Credits were taken back for a refunded payment (billing, Stripe). Resource: the payment. */
  CREDITS_CLAWED_BACK,
  /** Part of a refund could not be clawed back: it was spent (billing). Resource: the payment. */
  CLAWBACK_SHORTFALL,
  /** A paid subscription period started: monthly allowances renewed (billing, Stripe). */
  SUBSCRIPTION_PERIOD_RENEWED,
  /**
   * A reservation older than any job can live was released by a reconciliation run with {@code
   * repair: true} (billing). Resource: the hold.
   */
  STALE_RESERVATION_RELEASED,
  /** A reconciliation run found a discrepancy for a person to look at (billing). */
  RECONCILIATION_DISCREPANCY,
  /** A retention run finished (data lifecycle, stage 2): counts and bytes per backend. */
  DATA_RETENTION_ENFORCED,
  /** A tenant asked to be forgotten, or an admin started an erasure (stage 2). */
  DATA_ERASURE_REQUESTED,
  /** A tenant erasure finished and was verified (stage 2): the receipt's counts. */
  DATA_ERASED,
  /** A tenant export was requested (stage 2). */
  DATA_EXPORT_REQUESTED,
  /** A tenant export was produced (stage 2). Resource: the export asset. */
  DATA_EXPORTED,
  /** A tenant's data key was destroyed (per-tenant encryption, stage 3). */
  ENCRYPTION_KEY_DESTROYED
}
