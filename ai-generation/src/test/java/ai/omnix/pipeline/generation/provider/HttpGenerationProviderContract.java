package ai.omnix.pipeline.generation.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.omnix.pipeline.core.net.Cidr;
import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import ai.omnix.pipeline.providers.ProviderException;
import ai.omnix.pipeline.providers.ProviderException.Kind;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every provider client over HTTP must do, against a local WireMock replaying the provider's
 * documented shapes. Each client's test extends this and says how its provider spells success,
 * failures and refusals; the contract then checks that every client classifies them the same way,
 * never retries on its own, and keeps its key out of errors.
 */
public abstract class HttpGenerationProviderContract {
  protected static final String API_KEY = "sk-test-0123456789abcdef";
  protected static final Duration TIMEOUT = Duration.ofSeconds(2);

  /** The stubs listen on loopback, which the production policy refuses. */
  public static final OutboundAddressPolicy LOOPBACK =
      new OutboundAddressPolicy(List.of(Cidr.parse("127.0.0.0/8")));

  protected static final byte[] PNG_SIGNATURE = {
    (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
  };

  @RegisterExtension
  protected static final WireMockExtension server =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  /**
   * The client under test, pointed at {@code baseUrl} (the WireMock server), with {@link #API_KEY}.
   */
  protected abstract GenerationProvider provider(String baseUrl, Duration timeout);

  /** A request this provider can serve. */
  protected abstract ProviderRequest aRequest();

  /**
   * Stubs a request that succeeds with one PNG, possibly through an operation to poll and a URL to
   * download; the PNG's bytes must start with {@link #PNG_SIGNATURE}.
   */
  protected abstract void stubSuccess();

  /** Stubs the submit call to answer {@code status} with the provider's usual error body for it. */
  protected abstract void stubSubmitError(int status, String retryAfter);

  /**
   * Stubs the provider's refusal of the prompt under its content policy, as its API documents it.
   */
  protected abstract void stubContentPolicyRefusal();

  /** Stubs the submit call to answer 200 with a body this client cannot understand. */
  protected abstract void stubMalformedSubmit();

  /** Stubs the submit call to answer only after {@code delay}. */
  protected abstract void stubSlowSubmit(Duration delay);

  /** Whether the request carried {@link #API_KEY} where this provider expects it. */
  protected abstract boolean carriesKey(LoggedRequest request);

  private GenerationProvider provider() {
    return provider(server.baseUrl(), TIMEOUT);
  }

  private static final java.util.Set<Class<?>> warm =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * One call with a long timeout before the first test of each client, so that loading the HTTP and
   * JSON classes on a busy machine is not taken for a slow provider by the tests that time out.
   */
  @org.junit.jupiter.api.BeforeEach
  void warmUpOncePerClient() {
    if (warm.add(getClass())) {
      try {
        provider(server.baseUrl(), Duration.ofSeconds(60)).submit(aRequest());
      } catch (Exception expected) {
        // nothing is stubbed yet: any answer will do
      }
      server.resetRequests();
    }
  }

  /**
   * Submits, polls until finished (at most 20 polls: stubs finish fast), and returns the first
   * file's bytes.
   */
  protected byte[] generate(GenerationProvider provider, ProviderRequest request) throws Exception {
    ProviderResponse response = provider.submit(request);
    for (int i = 0; i < 20 && response instanceof ProviderResponse.Pending pending; i++) {
      response = provider.poll(request, pending.operationId());
    }
    assertThat(response).isInstanceOf(ProviderResponse.Completed.class);
    GeneratedMedia media = ((ProviderResponse.Completed) response).media().get(0);
    if (media.data() != null) {
      return media.data();
    }
    try (InputStream in = provider.download(media)) {
      return in.readAllBytes();
    }
  }

  @Test
  void generatesAnImageAndSendsTheKeyOnEveryCall() throws Exception {
    stubSuccess();

    byte[] image = generate(provider(), aRequest());

    assertThat(Arrays.copyOf(image, 8)).isEqualTo(PNG_SIGNATURE);
    List<LoggedRequest> calls = server.findAll(anyRequestedFor(anyUrl()));
    assertThat(calls).isNotEmpty().allMatch(this::carriesKey);
  }

  @Test
  void aRateLimitFailsOverAndCarriesRetryAfter() {
    stubSubmitError(429, "7");

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider().submit(aRequest()));

    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.kind().failover()).isTrue();
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    assertThat(server.findAll(anyRequestedFor(anyUrl()))).as("no retry of its own").hasSize(1);
  }

  @Test
  void aServerErrorFailsOverWithoutRetryingItself() {
    stubSubmitError(500, null);

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider().submit(aRequest()));

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(server.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
  }

  @Test
  void aBadRequestDoesNotFailOver() {
    stubSubmitError(400, null);

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider().submit(aRequest()));

    assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(e.kind().failover()).isFalse();
  }

  @Test
  void aRefusedKeyDoesNotFailOverAndTheKeyIsNotInTheError() {
    stubSubmitError(401, null);

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider().submit(aRequest()));

    assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(String.valueOf(e.getMessage())).doesNotContain(API_KEY);
    assertThat(e.getCause() == null ? "" : String.valueOf(e.getCause().getMessage()))
        .doesNotContain(API_KEY);
  }

  @Test
  void aContentPolicyRefusalIsItsOwnKind() {
    stubContentPolicyRefusal();

    assertThatThrownBy(() -> generate(provider(), aRequest()))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONTENT_POLICY));
  }

  @Test
  void aMalformedAnswerFailsOver() {
    stubMalformedSubmit();

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider().submit(aRequest()));

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
  }

  @Test
  void aSlowAnswerTimesOut() {
    stubSlowSubmit(TIMEOUT.multipliedBy(3));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider().submit(aRequest()));

    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
  }
}
