package ai.omnix.pipeline.providers.http;

import ai.omnix.pipeline.core.net.ForbiddenAddressException;
import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import ai.omnix.pipeline.providers.ProviderException;
import ai.omnix.pipeline.providers.ProviderException.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one HTTP client of outside AI providers (image and video generation now, chat next): one
 * instance per provider, thread-safe, pooling its connections. What it guarantees for every call:
 *
 * <ul>
 *   <li><b>Where it connects:</b> only to addresses the {@link OutboundAddressPolicy} permits,
 *       checked on the address actually connected to (the resolver drops refused ones), on every
 *       redirect hop; a host with no permitted address fails {@code provider_malformed_response}
 *       ("refused address"). No proxy, no cookies.
 *   <li><b>The key:</b> its {@link Credential} is sent only to its own origin and scrubbed from
 *       every error text; headers carrying it are marked sensitive.
 *   <li><b>Time:</b> connecting and the answer's headers within the timeout; then at most the idle
 *       timeout between two reads (a stalled body fails, it does not hang); and the whole exchange
 *       within its deadline. A thread interrupt ends the call within about 100 ms.
 *   <li><b>Size:</b> every answer body is bounded ({@link HttpCall#maxBytes}).
 *   <li><b>Redirects:</b> not followed unless the call asks ({@link HttpCall#withRedirects}).
 *   <li><b>Failures:</b> mapped to {@link ProviderException} kinds: 429 with its Retry-After, 5xx,
 *       timeouts, malformed answers, refused keys; never retried here (the caller's router
 *       decides).
 * </ul>
 *
 * <p>{@link #json} is a request whose answer is one JSON object; {@link #call} gives the answer to
 * classify it yourself; {@link #open} streams it (downloads, Server-Sent Events) under a longer
 * deadline, and {@link HttpAnswer#cancel} closes the connection at once.
 */
public final class ProviderHttp implements AutoCloseable {
  private static final Duration DEFAULT_STREAM_DEADLINE = Duration.ofMinutes(15);
  private final String provider;
  private final Duration timeout;
  private final Duration streamDeadline;
  private final Credential credential;
  private final Clock clock;
  private final CloseableHttpClient client;
  private final JsonMapper json;

  private ProviderHttp(Builder b) {
    this.provider = b.provider;
    this.timeout = b.timeout;
    this.streamDeadline = b.streamDeadline;
    this.credential = b.credential;
    this.clock = b.clock;
    OutboundAddressPolicy policy = b.addresses;
    Timeout t = Timeout.of(timeout);
    this.client =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setDnsResolver(new PolicyDnsResolver(policy))
                    .setMaxConnTotal(b.maxConnections)
                    .setMaxConnPerRoute(b.maxConnections)
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(t)
                            .setSocketTimeout(t)
                            .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                            .build())
                    .build())
            .disableAutomaticRetries()
            .disableRedirectHandling()
            .disableContentCompression()
            .disableCookieManagement()
            .disableAuthCaching()
            .setUserAgent("omnix-pipeline")
            .build();
    // The answer's size bound (maxBytes) is what bounds a string in it, such as base64 images.
    this.json =
        JsonMapper.builder(
                JsonFactory.builder()
                    .streamReadConstraints(
                        StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
                    .build())
            .build();
  }

  /**
   * @param provider the provider's name, in error texts
   */
  public static Builder builder(String provider) {
    return new Builder(provider);
  }

  /** Sends the call and reads its answer, which must be 2xx and one JSON object. */
  public JsonNode json(HttpCall call) throws ProviderException {
    try (HttpAnswer answer = call(call)) {
      if (!answer.isSuccess()) {
        throw answer.failure(false, null);
      }
      return answer.json();
    }
  }

  /**
   * Sends the call; the answer, whatever its status, is read by the caller (and closed), all within
   * the call's deadline (default: the timeout).
   */
  public HttpAnswer call(HttpCall call) throws ProviderException {
    return send(call, call.deadline() != null ? call.deadline() : timeout);
  }

  /**
   * Sends the call for an answer to stream (a file, Server-Sent Events), read within the call's
   * deadline (default: the stream deadline). The caller closes it; closing before the end closes
   * the connection instead of draining it.
   */
  public HttpAnswer open(HttpCall call) throws ProviderException {
    return send(call, call.deadline() != null ? call.deadline() : streamDeadline);
  }

  /** An empty JSON object to fill in as a request body. */
  public ObjectNode newObject() {
    return json.createObjectNode();
  }

  /** A JSON request body. */
  public byte[] toJson(JsonNode node) {
    return json.writeValueAsBytes(node);
  }

  /** A body (an error's, say) as JSON; a missing node when it is not JSON. */
  public JsonNode parse(String text) {
    try {
      JsonNode node = text == null ? null : json.readTree(text);
      return node == null ? MissingNode.getInstance() : node;
    } catch (JacksonException e) {
      return MissingNode.getInstance();
    }
  }

  JsonMapper mapper() {
    return json;
  }

  /** The text with the credential's key taken out, for logs and error messages. */
  public String scrub(String text) {
    return text == null || credential == null
        ? text
        : text.replace(credential.secret(), "[api key]");
  }

  public String provider() {
    return provider;
  }

  Clock clock() {
    return clock;
  }

  @Override
  public void close() {
    client.close(org.apache.hc.core5.io.CloseMode.IMMEDIATE);
  }

  private HttpAnswer send(HttpCall call, Duration whole) throws ProviderException {
    long deadlineAt = System.nanoTime() + whole.toNanos();
    URI target = call.uri();
    for (int hop = 0; ; hop++) {
      HttpAnswer answer = exchange(call, target, deadlineAt, whole);
      if (!isRedirect(answer.status())
          || call.maxRedirects() == 0
          || !call.method().equals("GET")) {
        return answer;
      }
      String location = answer.header("Location").orElse(null);
      answer.close();
      if (location == null || hop >= call.maxRedirects()) {
        throw malformed(
            answer.status(), location == null ? "redirect without Location" : "too many redirects");
      }
      target = nextHop(target, location, answer.status());
    }
  }

  private HttpAnswer exchange(HttpCall call, URI target, long deadlineAt, Duration whole)
      throws ProviderException {
    HttpUriRequestBase request = new HttpUriRequestBase(call.method(), target);
    call.headers().forEach(request::addHeader);
    if (credential != null && credential.appliesTo(target)) {
      request.addHeader(new BasicHeader(credential.header(), credential.value(), true));
    }
    if (call.body() != null) {
      request.setEntity(new ByteArrayEntity(call.body(), ContentType.parse(call.contentType())));
    }
    Duration idle = call.idleTimeout() != null ? call.idleTimeout() : timeout;
    request.setConfig(
        RequestConfig.custom()
            .setResponseTimeout(Timeout.of(idle))
            .setConnectionRequestTimeout(Timeout.of(timeout))
            .setRedirectsEnabled(false)
            .build());
    Exchange exchange = new Exchange(request, Thread.currentThread());
    // The answer's headers must come within the timeout, and all of it within the deadline.
    exchange.arm(Math.min(deadlineAt, System.nanoTime() + timeout.toNanos()));
    ClassicHttpResponse response;
    try {
      response = client.executeOpen(null, request, HttpClientContext.create());
    } catch (IOException e) {
      exchange.finish();
      throw failure(e, exchange, whole);
    }
    exchange.arm(deadlineAt);
    return new HttpAnswer(this, exchange, response, target, call.maxBytes(), whole);
  }

  private URI nextHop(URI from, String location, int status) throws ProviderException {
    URI next;
    try {
      next = from.resolve(new URI(location));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw malformed(status, "bad redirect");
    }
    if (!Origins.isHttp(next)
        || (!Origins.sameOrigin(from, next) && !"https".equalsIgnoreCase(next.getScheme()))) {
      throw malformed(status, "redirected to a non-https URL");
    }
    return next;
  }

  ProviderException failure(IOException e, Exchange exchange, Duration whole) {
    if (exchange.expired) {
      return new ProviderException(
          Kind.TIMEOUT, 0, null, provider + " did not answer within " + whole, null);
    }
    if (exchange.interrupted) {
      return new ProviderException(
          Kind.UNAVAILABLE, 0, null, "interrupted while waiting for " + provider, e);
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ForbiddenAddressException forbidden) {
        return new ProviderException(
            Kind.MALFORMED_RESPONSE,
            0,
            null,
            provider + " URL points at a refused address: " + forbidden.getMessage(),
            null);
      }
    }
    return HttpFailures.forIo(provider, e);
  }

  private ProviderException malformed(int status, String what) {
    return new ProviderException(Kind.MALFORMED_RESPONSE, status, provider + ": " + what);
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** How a provider's transport is set up. */
  public static final class Builder {
    private final String provider;
    private Duration timeout = Duration.ofSeconds(60);
    private Duration streamDeadline = DEFAULT_STREAM_DEADLINE;
    private OutboundAddressPolicy addresses = OutboundAddressPolicy.strict();
    private Credential credential;
    private Clock clock = Clock.systemUTC();
    private int maxConnections = 64;

    private Builder(String provider) {
      this.provider = Objects.requireNonNull(provider, "provider");
    }

    /**
     * For connecting, for the answer's headers, between two reads of its body (unless a call says
     * otherwise), and for the whole of a {@link #call} or {@link #json} (default 60 s).
     */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /** The default deadline of an {@link #open} call, start to last byte (default 15 min). */
    public Builder streamDeadline(Duration deadline) {
      this.streamDeadline = positive(deadline, "stream deadline");
      return this;
    }

    /** Which addresses may be connected to (default: {@link OutboundAddressPolicy#strict()}). */
    public Builder addresses(OutboundAddressPolicy policy) {
      this.addresses = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder credential(Credential credential) {
      this.credential = credential;
      return this;
    }

    /** Reads Retry-After dates. Time limits run on the system's monotonic clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Connections open at once to one host (default 64). */
    public Builder maxConnections(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConnections must be positive");
      }
      this.maxConnections = max;
      return this;
    }

    public ProviderHttp build() {
      return new ProviderHttp(this);
    }

    private Duration positive(Duration d, String what) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(provider + " " + what + " must be positive, got " + d);
      }
      return d;
    }
  }
}
