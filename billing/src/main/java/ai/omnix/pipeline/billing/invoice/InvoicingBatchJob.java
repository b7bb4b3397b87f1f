package ai.omnix.pipeline.billing.invoice;

import ai.omnix.pipeline.batch.BatchJobDefinition;
import ai.omnix.pipeline.batch.BatchRunContext;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.support.PostgresPagingQueryProvider;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Invoicing one month as a Spring Batch job: one chunk-oriented step reads the tenants with
 * activity in the month (a ledger entry in it, a plan change, or a paid subscription) in tenant
 * order, computes each one's invoice and writes its draft in the chunk's transaction. A re-run or a
 * resumed run writes the same drafts again (unique tenant + period; a draft's lines are replaced, a
 * final invoice is left alone), so it never duplicates an invoice or a line.
 */
final class InvoicingBatchJob implements BatchJobDefinition {
  static final String NAME = "invoicing";

  private final DataSource dataSource;
  private final InvoiceStore store;
  private final BillingPeriod period;
  private final int chunkSize;
  private final Clock clock;

  InvoicingBatchJob(DataSource dataSource, BillingPeriod period, int chunkSize, Clock clock) {
    this.dataSource = dataSource;
    this.store = new InvoiceStore(JdbcClient.create(dataSource));
    this.period = period;
    this.chunkSize = chunkSize;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  private record Draft(TenantId tenant, java.util.List<InvoiceContent.Line> lines) {}

  @Override
  public Job build(BatchRunContext context) {
    return new JobBuilder(NAME, context.repository()).start(tenants(context)).build();
  }

  private static final String ACTIVE =
      """
      (select tenant_id from ledger_entries where created_at >= :from and created_at < :to
       union
       select tenant_id from plan_changes where changed_at >= :from and changed_at < :to
       union
       select tenant_id from tenant_billing where subscription_status in ('active', 'trialing')) active""";

  private Step tenants(BatchRunContext context) {
    PostgresPagingQueryProvider query = new PostgresPagingQueryProvider();
    query.setSelectClause("tenant_id");
    query.setFromClause(ACTIVE);
    Map<String, Order> order = new LinkedHashMap<>();
    order.put("tenant_id", Order.ASCENDING);
    query.setSortKeys(order);
    JdbcPagingItemReader<TenantId> reader = new JdbcPagingItemReader<>(dataSource, query);
    reader.setName("tenants");
    reader.setPageSize(chunkSize);
    Map<String, Object> params =
        Map.of("from", Timestamp.from(period.start()), "to", Timestamp.from(period.end()));
    reader.setParameterValues(params);
    reader.setRowMapper((rs, n) -> new TenantId(rs.getString(1)));
    try {
      reader.afterPropertiesSet();
    } catch (Exception e) {
      throw new IllegalStateException("invoicing reader", e);
    }
    long expected =
        JdbcClient.create(dataSource)
            .sql("select count(*) from " + ACTIVE)
            .paramSource(params)
            .query(Long.class)
            .single();
    return new StepBuilder("tenants", context.repository())
        .<TenantId, Draft>chunk(chunkSize)
        .reader(reader)
        .processor(
            tenant -> new Draft(tenant, InvoiceContent.lines(store.activity(tenant, period))))
        .writer(
            (Chunk<? extends Draft> chunk) -> {
              for (Draft draft : chunk) {
                store.writeDraft(draft.tenant(), period, draft.lines(), clock.instant());
              }
            })
        .transactionManager(context.transactionManager())
        .listener(context.progress(0, "tenants", expected))
        .build();
  }
}
