package ai.omnix.pipeline.workers.webhook;

import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import ai.omnix.pipeline.store.webhook.WebhookRepository;
import ai.omnix.pipeline.store.webhook.WebhookRepository.Delivery;
import ai.omnix.pipeline.store.webhook.WebhookRepository.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 *
 * <p>One receiver cannot hold the sender: each attempt has an overall deadline (connect, send and
 * the whole answer; a receiver that trickles bytes is cut at it, recorded as {@code
 * deadline_exceeded}), at most {@code perEndpoint} attempts to one endpoint (scheme, host, port)
 * and at most {@code perTenant} of one tenant are in flight at once, and due deliveries are claimed
 * round robin between tenants. A pass never waits for sends: it fills the free slots and returns.
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
  private final ScheduledExecutorService deadlines;
  private final Duration deadline;
  private final int concurrency;
  private final int perEndpoint;
  private final int perTenant;
  private final Map<String, Integer> inFlightByEndpoint = new HashMap<>();
  private final Map<TenantId, Integer> inFlightByTenant = new HashMap<>();
  private int inFlight;
  private int activePasses;
  private volatile boolean backlog;
  private volatile boolean closed;

  /** A sender whose per-endpoint and per-tenant shares are half its concurrency (at least 1). */
  public WebhookSender(
      WebhookRepository deliveries,
      TenantRepository tenants,
      OutboundAddressPolicy policy,
      RetrySchedule schedule,
      Clock clock,
      Duration deadline,
      int concurrency) {
    this(
        deliveries,
        tenants,
        policy,
        schedule,
        clock,
        deadline,
        concurrency,
        Math.max(1, concurrency / 2),
        Math.max(1, concurrency / 2));
  }

  /**
   * @param deadline the most one attempt may take, answer included
   * @param concurrency attempts in flight at once in this process
   * @param perEndpoint of those, at most this many to one scheme, host and port
   * @param perTenant of those, at most this many of one tenant
   */
  public WebhookSender(
      WebhookRepository deliveries,
      TenantRepository tenants,
      OutboundAddressPolicy policy,
      RetrySchedule schedule,
      Clock clock,
      Duration deadline,
      int concurrency,
      int perEndpoint,
      int perTenant) {
    this.deliveries = deliveries;
    this.tenants = tenants;
    this.schedule = schedule;
    this.clock = clock;
    this.deadline = deadline;
    this.concurrency = concurrency;
    this.perEndpoint = perEndpoint;
    this.perTenant = perTenant;
    Timeout t = Timeout.of(deadline);
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
    this.deadlines =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "webhook-deadlines");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * One pass: claims as many due deliveries as there are free slots, fairly between tenants, and
   * starts sending them; returns without waiting. A claimed delivery whose endpoint already has its
   * share in flight is given back for a later pass.
   */
  @Override
  public void run() {
    synchronized (this) {
      activePasses++;
    }
    try {
      pass();
    } finally {
      synchronized (this) {
        activePasses--;
        notifyAll();
      }
    }
  }

  private void pass() {
    int free;
    Set<TenantId> busyTenants;
    synchronized (this) {
      free = concurrency - inFlight;
      busyTenants = new HashSet<>();
      inFlightByTenant.forEach(
          (tenant, n) -> {
            if (n >= perTenant) {
              busyTenants.add(tenant);
            }
          });
    }
    if (free <= 0) {
      return;
    }
    Instant leaseUntil = clock.instant().plus(deadline).plus(Duration.ofMinutes(1));
    List<Delivery> claimed = deliveries.claimDue(free, perTenant, busyTenants, leaseUntil);
    // A full claim means more may be due: the next finished send claims again at once rather
    // than leaving its slot idle until the next pass.
    backlog = claimed.size() == free;
    for (Delivery d : claimed) {
      String endpoint = endpointOf(d.url());
      boolean start;
      synchronized (this) {
        start =
            inFlight < concurrency
                && inFlightByEndpoint.getOrDefault(endpoint, 0) < perEndpoint
                && inFlightByTenant.getOrDefault(d.tenantId(), 0) < perTenant;
        if (start) {
          inFlight++;
          inFlightByEndpoint.merge(endpoint, 1, Integer::sum);
          inFlightByTenant.merge(d.tenantId(), 1, Integer::sum);
        }
      }
      if (!start) {
        deliveries.release(d);
        continue;
      }
      try {
        pool.execute(() -> sendAndFree(d, endpoint));
      } catch (RuntimeException e) { // shutting down
        free(d, endpoint);
        deliveries.release(d);
      }
    }
  }

  private void sendAndFree(Delivery delivery, String endpoint) {
    try {
      send(delivery);
    } catch (RuntimeException e) {
      log.warn("webhook send task failed", e);
    } finally {
      boolean again;
      synchronized (this) {
        free(delivery, endpoint);
        again = backlog && !closed;
        if (again) {
          activePasses++;
        }
      }
      if (again) {
        try {
          pass();
        } catch (RuntimeException e) {
          log.warn("claiming further webhook deliveries failed; the next pass retries", e);
        } finally {
          synchronized (this) {
            activePasses--;
            notifyAll();
          }
        }
      }
    }
  }

  private synchronized void free(Delivery delivery, String endpoint) {
    inFlight--;
    inFlightByEndpoint.computeIfPresent(endpoint, (k, n) -> n > 1 ? n - 1 : null);
    inFlightByTenant.computeIfPresent(delivery.tenantId(), (k, n) -> n > 1 ? n - 1 : null);
    notifyAll();
  }

  /** Waits until no attempt is in flight; false if that took longer than {@code timeout}. */
  synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (inFlight > 0 || activePasses > 0) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** The endpoint a share is counted against: scheme, host and port of the delivery's URL. */
  static String endpointOf(String url) {
    try {
      URI uri = URI.create(url);
      return (uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort())
          .toLowerCase(java.util.Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return url;
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
    // The client's timeouts are per read: a receiver trickling a byte at a time never trips them.
    // Aborting the request at the deadline closes its connection, whatever the receiver does.
    AtomicBoolean cut = new AtomicBoolean();
    ScheduledFuture<?> cutter =
        deadlines.schedule(
            () -> {
              cut.set(true);
              post.cancel();
            },
            deadline.toMillis(),
            TimeUnit.MILLISECONDS);
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
          cut.get()
              ? "deadline_exceeded: no complete answer within " + deadline.toMillis() + " ms"
              : e.getClass().getSimpleName() + ": " + e.getMessage(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    } finally {
      cutter.cancel(false);
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
    closed = true;
    pool.shutdownNow();
    deadlines.shutdownNow();
    http.close();
  }
}
