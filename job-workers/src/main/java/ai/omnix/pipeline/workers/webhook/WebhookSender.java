package ai.omnix.pipeline.workers.webhook;

import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import ai.omnix.pipeline.store.webhook.WebhookRepository;
import ai.omnix.pipeline.store.webhook.WebhookRepository.Delivery;
import ai.omnix.pipeline.store.webhook.WebhookRepository.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due webhook deliveries: signed per Standard Webhooks, never following redirects, connecting
 * only to addresses the {@link OutboundAddressPolicy} permits. A non-2xx answer or a network error
 * schedules the next attempt per the {@link RetrySchedule}; a forbidden target fails at once. Every
 * attempt is logged.
 */
public final class WebhookSender implements Runnable, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
  private static final int MAX_ERROR_BODY = 512;

  private final WebhookRepository deliveries;
  private final TenantRepository tenants;
  private final RetrySchedule schedule;
  private final Clock clock;
  private final CloseableHttpClient http;
  private final ExecutorService pool;

  public WebhookSender(
      WebhookRepository deliveries,
      TenantRepository tenants,
      OutboundAddressPolicy policy,
      RetrySchedule schedule,
      Clock clock,
      Duration timeout,
      int concurrency) {
    this.deliveries = deliveries;
    this.tenants = tenants;
    this.schedule = schedule;
    this.clock = clock;
    Timeout t = Timeout.of(timeout);
    this.http =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setDnsResolver(new GuardedDnsResolver(policy))
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom().setConnectTimeout(t).setSocketTimeout(t).build())
                    .setMaxConnTotal(concurrency * 2)
                    .setMaxConnPerRoute(concurrency)
                    .build())
            .setDefaultRequestConfig(
                RequestConfig.custom().setResponseTimeout(t).setRedirectsEnabled(false).build())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .setUserAgent("OmniX-Webhooks/1")
            .build();
    this.pool =
        Executors.newFixedThreadPool(
            concurrency,
            r -> {
              Thread thread = new Thread(r, "webhook-sender");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** One pass: claims due deliveries and sends them in parallel, waiting for all. */
  @Override
  public void run() {
    List<Delivery> due = deliveries.claimDue(32, clock.instant().plus(Duration.ofMinutes(2)));
    var futures = due.stream().map(d -> pool.submit(() -> send(d))).toList();
    for (var future : futures) {
      try {
        future.get();
      } catch (Exception e) {
        log.warn("webhook send task failed", e);
      }
    }
  }

  void send(Delivery delivery) {
    Optional<Tenant> tenant = tenants.find(delivery.tenantId());
    if (tenant.isEmpty()) {
      deliveries.recordAttempt(delivery, null, "tenant no longer exists", 0, Outcome.FAILED, null);
      return;
    }
    Instant started = clock.instant();
    long timestamp = started.getEpochSecond();
    HttpPost post = new HttpPost(delivery.url());
    post.setHeader("webhook-id", delivery.id());
    post.setHeader("webhook-timestamp", Long.toString(timestamp));
    post.setHeader(
        "webhook-signature",
        WebhookSigner.sign(
            tenant.get().webhookSecret(), delivery.id(), timestamp, delivery.payload()));
    post.setEntity(new StringEntity(delivery.payload(), ContentType.APPLICATION_JSON));
    long t0 = System.nanoTime();
    try {
      int status =
          http.execute(
              post,
              response -> {
                if (response.getEntity() != null) {
                  try (InputStream in = response.getEntity().getContent()) {
                    in.readNBytes(MAX_ERROR_BODY);
                  }
                }
                return response.getCode();
              });
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      if (status >= 200 && status < 300) {
        deliveries.recordAttempt(delivery, status, null, millis, Outcome.DELIVERED, null);
      } else {
        retryOrFail(delivery, status, "receiver answered HTTP " + status, millis);
      }
    } catch (GuardedDnsResolver.ForbiddenAddressException e) {
      deliveries.recordAttempt(
          delivery,
          null,
          "forbidden_address: " + e.getMessage(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
          Outcome.FAILED,
          null);
    } catch (IOException | RuntimeException e) {
      retryOrFail(
          delivery,
          null,
          e.getClass().getSimpleName() + ": " + e.getMessage(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }
  }

  private void retryOrFail(Delivery delivery, Integer status, String error, long millis) {
    Optional<Duration> delay = schedule.delayAfter(delivery.attempts() + 1);
    if (delay.isPresent()) {
      deliveries.recordAttempt(
          delivery, status, error, millis, Outcome.RETRY, clock.instant().plus(delay.get()));
    } else {
      deliveries.recordAttempt(delivery, status, error, millis, Outcome.FAILED, null);
    }
  }

  @Override
  public void close() throws IOException {
    pool.shutdownNow();
    http.close();
  }
}
