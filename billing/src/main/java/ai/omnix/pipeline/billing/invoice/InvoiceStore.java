package ai.omnix.pipeline.billing.invoice;

import ai.omnix.pipeline.billing.pricing.JobTypePricing;
import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.Feature;
import ai.omnix.pipeline.core.billing.Usd;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Invoices in PostgreSQL (V74): what the ledger moved for a tenant in a month, the draft written
 * from it (replaced while it is a draft, so adjustments during the grace period appear on it), and
 * the step that makes it final with the year's next number. Joins the caller's transaction.
 */
public class InvoiceStore {
  private final JdbcClient jdbc;

  public InvoiceStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public record Invoice(
      UUID id,
      TenantId tenant,
      String period,
      Instant periodStart,
      Instant periodEnd,
      String status,
      String number,
      Usd totalUsd,
      Credits usage,
      Credits purchased,
      Credits granted,
      Credits clawedBack,
      Instant createdAt,
      Instant finalizedAt) {
    public boolean isFinal() {
      return "final".equals(status);
    }
  }

  /** The tenant's month as the ledger and its terms have it. */
  public InvoiceContent.Activity activity(TenantId tenant, BillingPeriod period) {
    Timestamp from = Timestamp.from(period.start());
    Timestamp to = Timestamp.from(period.end());
    Map<String, Object> terms =
        jdbc.sql(
                """
            select t.plan, coalesce(b.seats, 1) as seats,
              coalesce(b.subscription_status in ('active', 'trialing'), false) as subscribed
            from tenants t left join tenant_billing b on b.tenant_id = t.id where t.id = ?""")
            .param(tenant.value())
            .query()
            .singleRow();
    List<Credits> purchases =
        jdbc.sql(
                """
            select amount_millis from ledger_entries
            where tenant_id = ? and kind = 'purchase' and created_at >= ? and created_at < ? order by id""")
            .params(tenant.value(), from, to)
            .query((rs, n) -> Credits.ofMillis(rs.getLong(1)))
            .list();
    Map<String, Long> sums = new LinkedHashMap<>();
    jdbc.sql(
            """
        select kind, sum(amount_millis) from ledger_entries
        where tenant_id = ? and kind in ('grant', 'clawback') and created_at >= ? and created_at < ?
        group by kind""")
        .params(tenant.value(), from, to)
        .query((rs, n) -> sums.put(rs.getString(1), rs.getLong(2)))
        .list();
    // settled charges by job type and model; holds that are not jobs' (chat messages) are text
    Map<String, InvoiceContent.Usage> usage = new java.util.TreeMap<>();
    jdbc.sql(
            """
        select j.type, coalesce(j.result -> 'summary' ->> 'model', '') as model, count(*) as jobs,
          sum(e.amount_millis) as millis
        from ledger_entries e
        left join jobs j on j.id = (case when e.hold_key ~ '^job:[0-9a-f-]{36}$'
                                         then substr(e.hold_key, 5)::uuid end)
        where e.tenant_id = ? and e.kind = 'settle' and e.created_at >= ? and e.created_at < ?
        group by 1, 2""")
        .params(tenant.value(), from, to)
        .query(
            (rs, n) -> {
              String type = rs.getString("type");
              String feature =
                  type == null
                      ? Feature.TEXT.wireName()
                      : JobTypePricing.feature(type).orElse(Feature.INTERNAL).wireName();
              String model = rs.getString("model");
              String key = feature + "\u0000" + model;
              InvoiceContent.Usage add =
                  new InvoiceContent.Usage(
                      feature, model, rs.getLong("jobs"), Credits.ofMillis(rs.getLong("millis")));
              usage.merge(
                  key,
                  add,
                  (a, b) ->
                      new InvoiceContent.Usage(
                          a.feature(),
                          a.model(),
                          a.jobs() + b.jobs(),
                          a.credits().plus(b.credits())));
              return key;
            })
        .list();
    // plan changes in the month (admin or Stripe), each with its proration
    List<InvoiceContent.PlanChange> changes =
        jdbc.sql(
                """
            select from_plan, from_seats, to_plan, to_seats, changed_at, unused_credit_cents,
              new_charge_cents
            from plan_changes where tenant_id = ? and changed_at >= ? and changed_at < ? order by id""")
            .params(tenant.value(), from, to)
            .query(
                (rs, n) ->
                    new InvoiceContent.PlanChange(
                        Plan.fromWireName(rs.getString("from_plan")).orElseThrow(),
                        rs.getInt("from_seats"),
                        Plan.fromWireName(rs.getString("to_plan")).orElseThrow(),
                        rs.getInt("to_seats"),
                        rs.getTimestamp("changed_at").toInstant(),
                        rs.getLong("unused_credit_cents"),
                        rs.getLong("new_charge_cents")))
            .list();
    Plan plan = Plan.fromWireName((String) terms.get("plan")).orElseThrow();
    int seats = ((Number) terms.get("seats")).intValue();
    boolean subscribed = Boolean.TRUE.equals(terms.get("subscribed"));
    if (!changes.isEmpty()) {
      // the month is billed on the plan it began with; the prorations carry it to the new one
      plan = changes.get(0).fromPlan();
      seats = changes.get(0).fromSeats();
      subscribed = true;
    }
    return new InvoiceContent.Activity(
        plan,
        seats,
        subscribed,
        purchases,
        Credits.ofMillis(sums.getOrDefault("grant", 0L)),
        Credits.ofMillis(sums.getOrDefault("clawback", 0L)),
        List.copyOf(usage.values()),
        changes);
  }

  /**
   * Writes the draft of a tenant's month: inserted, or its lines and totals replaced while it is a
   * draft; a final invoice is left as it is.
   *
   * @return the invoice's id
   */
  public UUID writeDraft(
      TenantId tenant, BillingPeriod period, List<InvoiceContent.Line> lines, Instant now) {
    InvoiceContent.Totals totals = InvoiceContent.totals(lines);
    jdbc.sql(
            """
        insert into invoices (id, tenant_id, period, period_start, period_end, status, total_usd_cents,
          usage_millis, purchased_millis, granted_millis, clawed_back_millis, created_at, updated_at)
        values (?, ?, ?, ?, ?, 'draft', 0, 0, 0, 0, 0, ?, ?) on conflict (tenant_id, period) do nothing""")
        .params(
            UUID.randomUUID(),
            tenant.value(),
            period.name(),
            Timestamp.from(period.start()),
            Timestamp.from(period.end()),
            Timestamp.from(now),
            Timestamp.from(now))
        .update();
    Map<String, Object> row =
        jdbc.sql("select id, status from invoices where tenant_id = ? and period = ? for update")
            .params(tenant.value(), period.name())
            .query()
            .singleRow();
    UUID id = (UUID) row.get("id");
    if ("final".equals(row.get("status"))) {
      return id;
    }
    jdbc.sql("delete from invoice_lines where invoice_id = ?").param(id).update();
    int no = 1;
    for (InvoiceContent.Line line : lines) {
      jdbc.sql(
              """
          insert into invoice_lines (invoice_id, line_no, kind, description, quantity, credits_millis, usd_cents)
          values (?, ?, ?, ?, ?, ?, ?)""")
          .params(
              id,
              no++,
              line.kind().wireName(),
              line.description(),
              line.quantity(),
              line.credits().millis(),
              cents(line.usd()))
          .update();
    }
    jdbc.sql(
            """
        update invoices set total_usd_cents = ?, usage_millis = ?, purchased_millis = ?, granted_millis = ?,
          clawed_back_millis = ?, updated_at = ? where id = ?""")
        .params(
            cents(totals.usd()),
            totals.usage().millis(),
            totals.purchased().millis(),
            totals.granted().millis(),
            totals.clawedBack().millis(),
            Timestamp.from(now),
            id)
        .update();
    return id;
  }

  /**
   * Makes every draft whose grace period ended by {@code now} final, each with the next number of
   * its period's year; the counter and the invoice change in one transaction, so numbers have no
   * gaps. Call inside a transaction per invoice (the caller loops).
   *
   * @return the invoice made final, or empty when none was due
   */
  public Optional<UUID> finalizeNextDue(Instant dueBefore, Instant now) {
    Optional<Map<String, Object>> due =
        jdbc
            .sql(
                """
            select id, period_start from invoices where status = 'draft' and period_end <= ?
            order by period_start, tenant_id limit 1 for update skip locked""")
            .param(Timestamp.from(dueBefore))
            .query()
            .listOfRows()
            .stream()
            .findFirst();
    if (due.isEmpty()) {
      return Optional.empty();
    }
    UUID id = (UUID) due.get().get("id");
    int year =
        ((Timestamp) due.get().get("period_start")).toInstant().atZone(ZoneOffset.UTC).getYear();
    int number =
        jdbc.sql(
                """
            insert into invoice_numbers (year, last_number) values (?, 1)
            on conflict (year) do update set last_number = invoice_numbers.last_number + 1
            returning last_number""")
            .param(year)
            .query(Integer.class)
            .single();
    jdbc.sql(
            "update invoices set status = 'final', number = ?, finalized_at = ?, updated_at = ? where id = ?")
        .params("INV-%d-%06d".formatted(year, number), Timestamp.from(now), Timestamp.from(now), id)
        .update();
    return Optional.of(id);
  }

  public Optional<Invoice> find(UUID id) {
    return jdbc.sql("select * from invoices where id = ?")
        .param(id)
        .query(InvoiceStore::map)
        .optional();
  }

  /** A tenant's invoices, newest period first. */
  public List<Invoice> list(TenantId tenant, int limit) {
    return jdbc.sql("select * from invoices where tenant_id = ? order by period desc limit ?")
        .params(tenant.value(), limit)
        .query(InvoiceStore::map)
        .list();
  }

  public List<Invoice> ofPeriod(String period) {
    return jdbc.sql("select * from invoices where period = ? order by tenant_id")
        .param(period)
        .query(InvoiceStore::map)
        .list();
  }

  public List<InvoiceContent.Line> lines(UUID invoice) {
    List<InvoiceContent.Line> lines = new ArrayList<>();
    jdbc.sql("select * from invoice_lines where invoice_id = ? order by line_no")
        .param(invoice)
        .query(
            (rs, n) ->
                lines.add(
                    new InvoiceContent.Line(
                        InvoiceContent.Kind.valueOf(
                            rs.getString("kind").toUpperCase(java.util.Locale.ROOT)),
                        rs.getString("description"),
                        rs.getLong("quantity"),
                        Credits.ofMillis(rs.getLong("credits_millis")),
                        Usd.ofCents(rs.getLong("usd_cents")))))
        .list();
    return lines;
  }

  /** Cents of an amount; credit packages are whole dollars, so nothing is rounded in practice. */
  private static long cents(Usd usd) {
    return usd.toBigDecimal().setScale(2, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
  }

  /** An invoice's summary as the API and the run's report show it (amounts as exact decimals). */
  public static Map<String, Object> wire(InvoiceStore.Invoice invoice) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("id", invoice.id().toString());
    wire.put("tenant_id", invoice.tenant().value());
    wire.put("period", invoice.period());
    wire.put("status", invoice.status());
    wire.put("number", invoice.number());
    wire.put("total_usd", InvoiceContent.usd(invoice.totalUsd()));
    wire.put("usage_credits", invoice.usage().toString());
    wire.put("purchased_credits", invoice.purchased().toString());
    wire.put("granted_credits", invoice.granted().toString());
    wire.put("clawed_back_credits", invoice.clawedBack().toString());
    wire.put(
        "finalized_at", invoice.finalizedAt() == null ? null : invoice.finalizedAt().toString());
    return wire;
  }

  static Invoice map(ResultSet rs, int row) throws SQLException {
    Timestamp finalized = rs.getTimestamp("finalized_at");
    return new Invoice(
        rs.getObject("id", UUID.class),
        new TenantId(rs.getString("tenant_id")),
        rs.getString("period"),
        rs.getTimestamp("period_start").toInstant(),
        rs.getTimestamp("period_end").toInstant(),
        rs.getString("status"),
        rs.getString("number"),
        Usd.ofCents(rs.getLong("total_usd_cents")),
        Credits.ofMillis(rs.getLong("usage_millis")),
        Credits.ofMillis(rs.getLong("purchased_millis")),
        Credits.ofMillis(rs.getLong("granted_millis")),
        Credits.ofMillis(rs.getLong("clawed_back_millis")),
        rs.getTimestamp("created_at").toInstant(),
        finalized == null ? null : finalized.toInstant());
  }
}
