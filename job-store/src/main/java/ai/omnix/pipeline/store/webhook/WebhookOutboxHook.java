package ai.omnix.pipeline.store.webhook;

import ai.omnix.pipeline.core.job.hook.EndedJob;
import ai.omnix.pipeline.core.job.hook.JobEndHook;
import ai.omnix.pipeline.store.job.JobRows;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Puts the {@code job.succeeded|failed|canceled} event for the job's webhook URL and its tenant's
 * subscribed endpoints into the outbox, in the transaction that ended the job: a job never ends
 * without its event, and an event is never sent for an end that rolled back.
 */
public final class WebhookOutboxHook implements JobEndHook {
  private final JdbcClient jdbc;
  private final WebhookRepository webhooks;

  public WebhookOutboxHook(JdbcClient jdbc, WebhookRepository webhooks) {
    this.jdbc = jdbc;
    this.webhooks = webhooks;
  }

  @Override
  public void jobEnded(EndedJob job) {
    JobRows.byId(jdbc, job.id())
        .ifPresent(
            record ->
                webhooks.enqueueFor(record, "job." + job.status().wireName(), job.finishedAt()));
  }
}
