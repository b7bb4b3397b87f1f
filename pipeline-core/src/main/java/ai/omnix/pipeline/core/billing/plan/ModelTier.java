package ai.omnix.pipeline.core.billing.plan;

/** Basic models are open to every plan; premium ones only to plans that include them. */
public enum ModelTier {
  BASIC,
  PREMIUM
}
