package ai.omnix.pipeline.core.billing.plan;

import java.util.Objects;

/**
 * What a plan gives for one feature.
 *
 * @param included units included per period before credits are spent (only for {@link
 *     Kind#ALLOWANCE_THEN_CREDITS})
 */
public record Access(Kind kind, long included, AllowancePeriod period) {

  public enum Kind {
    /** The plan does not offer it at all: 403 {@code plan_does_not_include}. */
    NOT_INCLUDED,
    /** Paid with credits, unit by unit. */
    CREDITS,
    /** An allowance per period first, then credits. */
    ALLOWANCE_THEN_CREDITS,
    /** Included without limit: no credits spent. */
    UNLIMITED
  }

  public Access {
    Objects.requireNonNull(kind);
    if (kind == Kind.ALLOWANCE_THEN_CREDITS && (included < 0 || period == null)) {
      throw new IllegalArgumentException("an allowance needs a quantity and a period");
    }
  }

  public static final Access NOT_INCLUDED = new Access(Kind.NOT_INCLUDED, 0, null);
  public static final Access CREDITS = new Access(Kind.CREDITS, 0, null);
  public static final Access UNLIMITED = new Access(Kind.UNLIMITED, 0, null);

  public static Access allowance(long included, AllowancePeriod period) {
    return new Access(Kind.ALLOWANCE_THEN_CREDITS, included, period);
  }

  public boolean offered() {
    return kind != Kind.NOT_INCLUDED;
  }

  Access timesSeats(int seats) {
    return kind == Kind.ALLOWANCE_THEN_CREDITS
        ? allowance(Math.multiplyExact(included, seats), period)
        : this;
  }
}
