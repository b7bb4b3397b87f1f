package ai.omnix.pipeline.providers.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.omnix.pipeline.core.net.Cidr;
import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import ai.omnix.pipeline.providers.ProviderException;
import ai.omnix.pipeline.providers.ProviderException.Kind;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class ProviderHttpTest {
  private static final String KEY = "sk-transport-0123456789abcdef";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final OutboundAddressPolicy LOOPBACK =
      new OutboundAddressPolicy(List.of(Cidr.parse("127.0.0.0/8")));

  @RegisterExtension
  static final WireMockExtension api =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension
  static final WireMockExtension elsewhere =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private ProviderHttp http;

  private ProviderHttp http(OutboundAddressPolicy addresses, Duration timeout) {
    http =
        ProviderHttp.builder("acme")
            .timeout(timeout)
            .addresses(addresses)
            .credential(Credential.header(URI.create(api.baseUrl()), "x-api-key", KEY))
            .build();
    return http;
  }

  private ProviderHttp http() {
    return http(LOOPBACK, TIMEOUT);
  }

  @AfterEach
  void closeTransport() {
    if (http != null) {
      http.close();
    }
  }

  private static URI at(WireMockExtension server, String path) {
    return URI.create(server.baseUrl() + path);
  }

  @Test
  void sendsJsonAndReadsAJsonAnswerWithTheKeyOnItsOwnOriginOnly() throws Exception {
    api.stubFor(post("/v1/things").willReturn(okJson("{\"id\":\"t-1\"}")));
    elsewhere.stubFor(get("/file").willReturn(aResponse().withBody("bytes")));
    ProviderHttp http = http();

    JsonNode answer =
        http.json(
            HttpCall.post(
                at(api, "/v1/things"),
                http.toJson(http.newObject().put("prompt", "hi")),
                "application/json"));
    byte[] file;
    try (HttpAnswer download = http.open(HttpCall.get(at(elsewhere, "/file")))) {
      file = download.bytes();
    }

    assertThat(answer.path("id").asString()).isEqualTo("t-1");
    assertThat(file).asString(StandardCharsets.UTF_8).isEqualTo("bytes");
    api.verify(
        postRequestedFor(urlEqualTo("/v1/things"))
            .withHeader("x-api-key", com.github.tomakehurst.wiremock.client.WireMock.equalTo(KEY))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.equalToJson(
                    "{\"prompt\":\"hi\"}")));
    elsewhere.verify(getRequestedFor(urlEqualTo("/file")).withoutHeader("x-api-key"));
  }

  /** Issue 10 item 8: the address is judged where the connection goes, not where the URL says. */
  @Test
  void aHostThatResolvesToLoopbackIsRefusedWithoutConnectingWhenThePolicyDoesNotAllowIt()
      throws Exception {
    try (RawHttpServer server = new RawHttpServer("127.0.0.1", out -> {})) {
      ProviderHttp strict = http(OutboundAddressPolicy.strict(), TIMEOUT);

      for (String host : List.of("localhost", "127.0.0.1")) {
        ProviderException e =
            catchThrowableOfType(
                ProviderException.class,
                () -> strict.open(HttpCall.get(URI.create(server.url(host) + "/out.png"))));

        assertThat(e.kind()).as(host).isEqualTo(Kind.MALFORMED_RESPONSE);
        assertThat(e.getMessage()).as(host).contains("refused address");
      }
      assertThat(server.accepted).as("no connection was made").hasValue(0);
    }
  }

  @Test
  void aRedirectToARefusedAddressIsRefusedBeforeConnecting() throws Exception {
    OutboundAddressPolicy onlyTheApi =
        new OutboundAddressPolicy(List.of(Cidr.parse("127.0.0.1/32")));
    try (RawHttpServer internal = new RawHttpServer("127.0.0.2", out -> {})) {
      api.stubFor(
          get("/files/video")
              .willReturn(
                  aResponse()
                      .withStatus(302)
                      .withHeader(
                          "Location", "https://127.0.0.2:" + internal.port() + "/metadata")));

      ProviderException e =
          catchThrowableOfType(
              ProviderException.class,
              () ->
                  http(onlyTheApi, TIMEOUT)
                      .open(HttpCall.get(at(api, "/files/video")).withRedirects(3)));

      assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
      assertThat(e.getMessage()).contains("refused address");
      assertThat(internal.accepted).as("no connection to 127.0.0.2").hasValue(0);
    }
  }

  @Test
  void followsRedirectsOnlyWhenAskedAndSendsTheKeyOnlyToItsOrigin() throws Exception {
    api.stubFor(
        get("/files/a").willReturn(aResponse().withStatus(302).withHeader("Location", "/files/b")));
    api.stubFor(
        get("/files/b")
            .willReturn(
                aResponse()
                    .withStatus(307)
                    .withHeader("Location", elsewhere.baseUrl() + "/storage/c")));
    elsewhere.stubFor(get("/storage/c").willReturn(aResponse().withBody("video")));
    ProviderHttp http = http();

    try (HttpAnswer unfollowed = http.open(HttpCall.get(at(api, "/files/a")))) {
      assertThat(unfollowed.status()).isEqualTo(302);
    }
    ProviderException plainHttpElsewhere =
        catchThrowableOfType(
            ProviderException.class,
            () -> http.open(HttpCall.get(at(api, "/files/a")).withRedirects(3)));
    assertThat(plainHttpElsewhere.getMessage()).contains("non-https");
    assertThat(elsewhere.findAll(anyRequestedFor(anyUrl())))
        .as("another origin over plain http is not followed")
        .isEmpty();
    ProviderException tooMany =
        catchThrowableOfType(
            ProviderException.class,
            () -> http.open(HttpCall.get(at(api, "/files/a")).withRedirects(1)));
    assertThat(tooMany.getMessage()).contains("too many redirects");
    api.verify(3, getRequestedFor(urlEqualTo("/files/a")));
    api.verify(
        getRequestedFor(urlEqualTo("/files/b"))
            .withHeader("x-api-key", com.github.tomakehurst.wiremock.client.WireMock.equalTo(KEY)));
  }

  @Test
  void classifiesFailuresWithoutRetryingAndKeepsTheKeyOutOfThem() {
    api.stubFor(
        post("/limited")
            .willReturn(
                aResponse().withStatus(429).withHeader("Retry-After", "7").withBody("slow")));
    api.stubFor(post("/down").willReturn(aResponse().withStatus(503)));
    api.stubFor(
        post("/refused")
            .willReturn(
                aResponse().withStatus(401).withBody("{\"error\":\"bad key " + KEY + "\"}")));
    ProviderHttp http = http();

    ProviderException limited = failure(http, "/limited");
    ProviderException down = failure(http, "/down");
    ProviderException refused = failure(http, "/refused");

    assertThat(limited.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    assertThat(down.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(refused.kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(refused.getMessage()).contains("bad key").doesNotContain(KEY);
    assertThat(api.findAll(anyRequestedFor(anyUrl()))).as("no retries of its own").hasSize(3);
  }

  private static ProviderException failure(ProviderHttp http, String path) {
    return catchThrowableOfType(
        ProviderException.class,
        () -> http.json(HttpCall.post(at(api, path), new byte[] {'{', '}'}, "application/json")));
  }

  @Test
  void anAnswerOverItsBoundIsMalformedAndAnUnparsableOneToo() {
    api.stubFor(get("/big").willReturn(okJson("{\"pad\":\"" + "a".repeat(2_000) + "\"}")));
    api.stubFor(get("/html").willReturn(aResponse().withBody("<html>gateway</html>")));
    ProviderHttp http = http();

    ProviderException big =
        catchThrowableOfType(
            ProviderException.class,
            () -> http.json(HttpCall.get(at(api, "/big")).withMaxBytes(1_000)));
    ProviderException html =
        catchThrowableOfType(
            ProviderException.class, () -> http.json(HttpCall.get(at(api, "/html"))));

    assertThat(big.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(big.getMessage()).contains("longer than 1000 bytes");
    assertThat(html.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
  }

  @Test
  void anAnswerThatComesTooLateTimesOut() {
    api.stubFor(get("/slow").willReturn(okJson("{}").withFixedDelay(3_000)));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> http(LOOPBACK, Duration.ofMillis(500)).json(HttpCall.get(at(api, "/slow"))));

    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
  }

  @Test
  void aBodyThatStallsFailsWithATimeoutInsteadOfHanging() throws Exception {
    try (RawHttpServer stalling =
        new RawHttpServer(
            "127.0.0.1",
            out ->
                RawHttpServer.write(
                    out, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\nsome of it"))) {
      ProviderHttp http = http(LOOPBACK, Duration.ofMillis(300));

      try (HttpAnswer answer =
          http.open(
              HttpCall.get(URI.create(stalling.url("127.0.0.1") + "/video"))
                  .withMaxBytes(1 << 20))) {
        InputStream body = answer.body();

        assertThatThrownBy(body::readAllBytes).isInstanceOf(SocketTimeoutException.class);
      }
    }
  }

  @Test
  void aBodyThatTricklesForeverEndsAtTheDeadline() throws Exception {
    try (RawHttpServer trickling =
        new RawHttpServer(
            "127.0.0.1",
            out -> {
              RawHttpServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n");
              for (int i = 0; i < 1000; i++) {
                RawHttpServer.write(out, "x");
                Thread.sleep(50);
              }
            })) {
      ProviderHttp http = http(LOOPBACK, Duration.ofSeconds(2));

      try (HttpAnswer answer =
          http.open(
              HttpCall.get(URI.create(trickling.url("127.0.0.1") + "/video"))
                  .withMaxBytes(1 << 20)
                  .withDeadline(Duration.ofMillis(600)))) {
        SocketTimeoutException e =
            catchThrowableOfType(SocketTimeoutException.class, () -> answer.body().readAllBytes());

        assertThat(e.getMessage()).contains("not complete within");
      }
    }
  }

  @Test
  void streamsServerSentEventsAsTheyArriveAndCancelClosesTheConnectionAtOnce() throws Exception {
    CountDownLatch firstRead = new CountDownLatch(1);
    try (RawHttpServer streaming =
        new RawHttpServer(
            "127.0.0.1",
            out -> {
              RawHttpServer.write(
                  out,
                  "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                      + "Transfer-Encoding: chunked\r\n\r\n");
              chunk(out, ": keep-alive\n\nevent: delta\ndata: {\"text\":\"Hel\"}\n\n");
              firstRead.await(10, TimeUnit.SECONDS);
              chunk(out, "id: 2\ndata: line one\ndata: line two\r\n\r\n");
              // then silence: the client hangs up
            })) {
      ProviderHttp http = http(LOOPBACK, Duration.ofSeconds(30));
      HttpAnswer answer =
          http.open(
              HttpCall.get(URI.create(streaming.url("127.0.0.1") + "/v1/chat"))
                  .withMaxBytes(1 << 20));
      ServerSentEvents events = answer.events(64 << 10);

      ServerSentEvents.Event first = events.next();
      firstRead.countDown();
      ServerSentEvents.Event second = events.next();
      CompletableFuture<Object> blocked =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return events.next();
                } catch (Exception e) {
                  return e;
                }
              });
      answer.cancel();

      assertThat(first).isEqualTo(new ServerSentEvents.Event("delta", "{\"text\":\"Hel\"}", null));
      assertThat(second)
          .isEqualTo(new ServerSentEvents.Event("message", "line one\nline two", "2"));
      assertThat(blocked.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedIOException.class);
      assertThat(streaming.clientClosed.await(10, TimeUnit.SECONDS))
          .as("the server saw the connection close")
          .isTrue();
      answer.close();
    }
  }

  private static void chunk(java.io.OutputStream out, String text) throws java.io.IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    RawHttpServer.write(out, Integer.toHexString(bytes.length) + "\r\n" + text + "\r\n");
  }

  @Test
  void anInterruptEndsACallThatWaitsForItsAnswer() throws Exception {
    api.stubFor(get("/forever").willReturn(okJson("{}").withFixedDelay(20_000)));
    ProviderHttp http = http(LOOPBACK, Duration.ofSeconds(30));
    CompletableFuture<Object> outcome = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                outcome.complete(http.json(HttpCall.get(at(api, "/forever"))));
              } catch (ProviderException e) {
                outcome.complete(e);
              }
            });
    caller.start();

    awaitRequest("/forever");
    caller.interrupt();

    assertThat(outcome.get(10, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.getMessage()).contains("interrupted"));
  }

  private static void awaitRequest(String path) throws InterruptedException {
    for (int i = 0; i < 200 && api.findAll(getRequestedFor(urlEqualTo(path))).isEmpty(); i++) {
      Thread.sleep(25);
    }
  }
}
