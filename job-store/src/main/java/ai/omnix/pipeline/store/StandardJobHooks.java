package ai.omnix.pipeline.store;

import ai.omnix.pipeline.core.job.hook.JobAcceptHook;
import ai.omnix.pipeline.core.job.hook.JobEndHook;
import ai.omnix.pipeline.store.job.FollowUpHook;
import ai.omnix.pipeline.store.job.JdbcJobStore;
import ai.omnix.pipeline.store.job.ProviderCapacityHook;
import ai.omnix.pipeline.store.webhook.WebhookOutboxHook;
import ai.omnix.pipeline.store.webhook.WebhookRepository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The end-of-job effects the store always has (provider capacity, webhook outbox, follow-ups), for
 * code that builds a {@link JdbcJobStore} without Spring: tests, benchmarks. The Spring wiring
 * registers the same hooks as beans.
 */
public final class StandardJobHooks {
  private StandardJobHooks() {}

  public static List<JobEndHook> endHooks(
      JdbcClient jdbc,
      TransactionTemplate tx,
      WebhookRepository webhooks,
      List<? extends JobAcceptHook> acceptHooks) {
    return List.of(
        new ProviderCapacityHook(jdbc),
        new WebhookOutboxHook(jdbc, webhooks),
        new FollowUpHook(jdbc, tx, acceptHooks));
  }

  /** A repository with the standard hooks plus {@code extraEndHooks}. */
  public static JdbcJobStore repository(
      JdbcClient jdbc,
      TransactionTemplate tx,
      WebhookRepository webhooks,
      Clock clock,
      List<? extends JobAcceptHook> acceptHooks,
      List<? extends JobEndHook> extraEndHooks) {
    List<JobEndHook> end = new ArrayList<>(endHooks(jdbc, tx, webhooks, acceptHooks));
    end.addAll(extraEndHooks);
    return new JdbcJobStore(jdbc, tx, clock, acceptHooks, end);
  }

  public static JdbcJobStore repository(
      JdbcClient jdbc, TransactionTemplate tx, WebhookRepository webhooks, Clock clock) {
    return repository(jdbc, tx, webhooks, clock, List.of(), List.of());
  }
}
