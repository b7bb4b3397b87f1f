package ai.omnix.pipeline.billing.invoice;

import ai.omnix.pipeline.core.billing.CreditPricing;
import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.Usd;
import ai.omnix.pipeline.core.billing.plan.PlanCatalog;
import ai.omnix.pipeline.core.billing.plan.PlanDefaults;
import ai.omnix.pipeline.core.tenant.Plan;
import java.util.ArrayList;
import java.util.List;

/**
 * What one tenant's invoice for one month says, computed from what the ledger moved in the month (a
 * pure function, tested as a table): a subscription line when the tenant had a paid subscription,
 * one line per credit package bought (USD 0.10 a credit), one usage line per feature and model with
 * the jobs and the credits they were charged, and lines for support grants and clawbacks. Totals
 * are sums of the lines, so they tie to the ledger's entries of the month exactly.
 *
 * <p>A plan change in the month ({@code plan_changes}) adds two proration lines in USD: the unused
 * part of the old fee credited (negative) and the remaining part of the new fee charged; the
 * subscription line is then the plan the tenant had when the month began, so the lines add up to
 * what the month's plans cost. Out of scope, and said so on the invoice: taxes.
 */
public final class InvoiceContent {
  public static final String TAX_NOTE = "Taxes are not included and not shown on this invoice.";

  private InvoiceContent() {}

  public enum Kind {
    SUBSCRIPTION,
    PRORATION,
    CREDIT_PACKAGE,
    USAGE,
    GRANT,
    CLAWBACK;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public record Line(Kind kind, String description, long quantity, Credits credits, Usd usd) {}

  /** One feature and model's usage in the month: jobs ended and credits settled for them. */
  public record Usage(String feature, String model, long jobs, Credits credits) {}

  /**
   * A plan change in the month: what was credited for the unused part of the old plan and charged
   * for the rest of the period on the new one (cents, each already rounded).
   */
  public record PlanChange(
      Plan fromPlan,
      int fromSeats,
      Plan toPlan,
      int toSeats,
      java.time.Instant at,
      long unusedCreditCents,
      long newChargeCents) {}

  /**
   * What the ledger and the tenant's terms say about one tenant's month.
   *
   * @param plan the plan billed for the month: the one it had when the month began
   */
  public record Activity(
      Plan plan,
      int seats,
      boolean subscribed,
      List<Credits> purchases,
      Credits granted,
      Credits clawedBack,
      List<Usage> usage,
      List<PlanChange> planChanges) {
    public Activity {
      planChanges = planChanges == null ? List.of() : List.copyOf(planChanges);
    }

    public Activity(
        Plan plan,
        int seats,
        boolean subscribed,
        List<Credits> purchases,
        Credits granted,
        Credits clawedBack,
        List<Usage> usage) {
      this(plan, seats, subscribed, purchases, granted, clawedBack, usage, List.of());
    }
  }

  public record Totals(
      Usd usd, Credits usage, Credits purchased, Credits granted, Credits clawedBack) {}

  public static List<Line> lines(Activity activity) {
    List<Line> lines = new ArrayList<>();
    PlanDefaults plan = PlanCatalog.defaults(activity.plan());
    if (activity.subscribed()
        && plan.monthlyPrice() != null
        && plan.monthlyPrice().compareTo(Usd.ZERO) > 0) {
      long seats = plan.perSeat() ? Math.max(1, activity.seats()) : 1;
      lines.add(
          new Line(
              Kind.SUBSCRIPTION,
              "OmniX "
                  + activity.plan().wireName()
                  + " plan"
                  + (plan.perSeat() ? ", per seat" : ""),
              seats,
              Credits.ZERO,
              plan.monthlyPrice().times(seats)));
    }
    for (PlanChange change : activity.planChanges()) {
      String day = change.at().toString().substring(0, 10);
      if (change.unusedCreditCents() > 0) {
        lines.add(
            new Line(
                Kind.PRORATION,
                "Unused time on "
                    + planName(change.fromPlan(), change.fromSeats())
                    + " from "
                    + day,
                1,
                Credits.ZERO,
                Usd.ofCents(-change.unusedCreditCents())));
      }
      if (change.newChargeCents() > 0) {
        lines.add(
            new Line(
                Kind.PRORATION,
                "Remaining time on " + planName(change.toPlan(), change.toSeats()) + " from " + day,
                1,
                Credits.ZERO,
                Usd.ofCents(change.newChargeCents())));
      }
    }
    for (Credits bought : activity.purchases()) {
      lines.add(
          new Line(
              Kind.CREDIT_PACKAGE,
              "Credit package: " + bought + " credits",
              1,
              bought,
              CreditPricing.usdValue(bought)));
    }
    for (Usage use : activity.usage()) {
      lines.add(
          new Line(
              Kind.USAGE,
              use.feature()
                  + (use.model() == null || use.model().isEmpty() ? "" : " / " + use.model()),
              use.jobs(),
              use.credits(),
              Usd.ZERO));
    }
    if (activity.granted().isPositive()) {
      lines.add(
          new Line(Kind.GRANT, "Credits granted by support", 1, activity.granted(), Usd.ZERO));
    }
    if (activity.clawedBack().isPositive()) {
      lines.add(
          new Line(
              Kind.CLAWBACK, "Credits taken back (refund)", 1, activity.clawedBack(), Usd.ZERO));
    }
    return lines;
  }

  private static String planName(Plan plan, int seats) {
    return "OmniX "
        + plan.wireName()
        + " plan"
        + (PlanCatalog.defaults(plan).perSeat() ? " × " + seats + " seats" : "");
  }

  public static Totals totals(List<Line> lines) {
    Usd usd = Usd.ZERO;
    Credits usage = Credits.ZERO;
    Credits purchased = Credits.ZERO;
    Credits granted = Credits.ZERO;
    Credits clawedBack = Credits.ZERO;
    for (Line line : lines) {
      usd = usd.plus(line.usd());
      switch (line.kind()) {
        case USAGE -> usage = usage.plus(line.credits());
        case CREDIT_PACKAGE -> purchased = purchased.plus(line.credits());
        case GRANT -> granted = granted.plus(line.credits());
        case CLAWBACK -> clawedBack = clawedBack.plus(line.credits());
        case SUBSCRIPTION, PRORATION -> {}
      }
    }
    return new Totals(usd, usage, purchased, granted, clawedBack);
  }

  /** The invoice as CSV: one row per line, then the totals (RFC 4180, no formulas). */
  public static String csv(String number, String period, List<Line> lines, Totals totals) {
    StringBuilder out = new StringBuilder("invoice,period,kind,description,quantity,credits,usd\n");
    String head = cell(number == null ? "DRAFT" : number) + "," + period + ",";
    for (Line line : lines) {
      out.append(head)
          .append(line.kind().wireName())
          .append(',')
          .append(cell(line.description()))
          .append(',')
          .append(line.quantity())
          .append(',')
          .append(line.credits())
          .append(',')
          .append(usd(line.usd()))
          .append('\n');
    }
    out.append(head).append("total_usd,,,,").append(usd(totals.usd())).append('\n');
    out.append(head).append("total_usage_credits,,,").append(totals.usage()).append(",\n");
    out.append(head).append("note,").append(cell(TAX_NOTE)).append(",,,\n");
    return out.toString();
  }

  /** The invoice as lines of text, for the PDF. */
  public static List<String> text(InvoiceStore.Invoice invoice, List<Line> lines) {
    Totals totals = totals(lines);
    List<String> text = new ArrayList<>();
    text.add(
        "OmniX invoice "
            + (invoice.number() != null
                ? invoice.number()
                : "DRAFT (final after the grace period)"));
    text.add("Tenant: " + invoice.tenant().value());
    text.add(
        "Period: "
            + invoice.period()
            + " ("
            + invoice.periodStart()
            + " to "
            + invoice.periodEnd()
            + ")");
    text.add("");
    text.add("Kind | Description | Quantity | Credits | USD");
    for (Line line : lines) {
      text.add(
          line.kind().wireName()
              + " | "
              + line.description()
              + " | "
              + line.quantity()
              + " | "
              + line.credits()
              + " | "
              + usd(line.usd()));
    }
    text.add("");
    text.add("Total USD: " + usd(totals.usd()));
    text.add("Credits used: " + totals.usage());
    text.add("Credits bought: " + totals.purchased());
    text.add("Credits granted: " + totals.granted());
    text.add("Credits taken back: " + totals.clawedBack());
    text.add("");
    text.add(TAX_NOTE);
    return text;
  }

  /** Money with two places (cents), as on the invoice. */
  public static String usd(Usd usd) {
    return usd.toBigDecimal().setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString();
  }

  private static String cell(String s) {
    if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    return s.matches("[^,\"\\r\\n]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
  }
}
