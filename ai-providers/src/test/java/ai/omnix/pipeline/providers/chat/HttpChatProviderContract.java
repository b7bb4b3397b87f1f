package ai.omnix.pipeline.providers.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.chat.ChatCompletion;
import ai.omnix.pipeline.core.chat.ChatMessage;
import ai.omnix.pipeline.core.chat.ChatProvider;
import ai.omnix.pipeline.core.chat.ChatProviderException;
import ai.omnix.pipeline.core.chat.ChatProviderException.Kind;
import ai.omnix.pipeline.core.chat.ChatRequest;
import ai.omnix.pipeline.core.chat.ChatRole;
import ai.omnix.pipeline.core.net.Cidr;
import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import ai.omnix.pipeline.testkit.chat.ChatProviderContract;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * What every {@link HttpChatProvider} does against its API's documented streaming format, replayed
 * by WireMock (and, for a connection that drops mid-stream, by a raw socket): the port's contract
 * ({@link ChatProviderContract}), usage, each failure class and whether it may fail over, and the
 * key kept out of errors and logs. One near-empty subclass per API supplies the wire format.
 */
public abstract class HttpChatProviderContract extends ChatProviderContract {
  protected static final String KEY = "sk-contract-secret-0123456789abcdef";
  private static final OutboundAddressPolicy LOOPBACK =
      new OutboundAddressPolicy(List.of(Cidr.parse("127.0.0.0/8")));

  @RegisterExtension
  static final WireMockExtension api =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private ExecutorService readers;
  private HttpChatProvider provider;
  private ListAppender<ILoggingEvent> logs;
  private Logger root;
  private Logger ours;
  private Level rootLevel;

  /** The API under test. */
  protected abstract ChatApi chatApi();

  /** The base URL's path below the server: {@code /v1} for OpenAI, empty for the others. */
  protected abstract String basePath();

  /** The header that carries the key, and its value. */
  protected abstract String keyHeader();

  protected abstract String keyHeaderValue();

  /** The JSON path of the reply's token cap in the request body. */
  protected abstract String maxTokensPath();

  /**
   * A whole streamed answer: one delta per word, then the end with the usage.
   *
   * @param finish {@code stop} or {@code length}
   */
  protected abstract String stream(List<String> words, int prompt, int completion, String finish);

  /** An answer that delivers the words and stops without its end. */
  protected abstract String cutShort(List<String> words);

  /** One good delta, then a chunk that is not JSON. */
  protected abstract String malformed();

  /** The API's refusal of the content. */
  protected abstract ResponseDefinitionBuilder refusal();

  @Override
  protected ChatProvider provider() {
    return provider;
  }

  @Override
  protected String model() {
    return "contract-model";
  }

  @BeforeEach
  void startProvider() {
    // Ours at DEBUG, the rest as shipped (INFO). httpclient5's own DEBUG header and wire logs
    // (org.apache.hc.client5.http.headers, .wire) print the Authorization header: never turn
    // those on in production.
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ours = (Logger) LoggerFactory.getLogger("ai.omnix");
    rootLevel = root.getLevel();
    root.setLevel(Level.INFO);
    ours.setLevel(Level.DEBUG);
    logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    readers = Executors.newCachedThreadPool();
    // generous: a cold JVM's first WireMock answer can take more than a second
    provider = at(URI.create(api.baseUrl() + basePath()), Duration.ofSeconds(10));
    // the port's contract: 5 tokens when asked for 5, else a long reply that takes 3 seconds
    api.stubFor(
        post(anyUrl())
            .atPriority(9)
            .willReturn(sse(stream(words(40), 11, 40, "stop")).withChunkedDribbleDelay(40, 3000)));
    api.stubFor(
        post(anyUrl())
            .atPriority(8)
            .withRequestBody(matchingJsonPath(maxTokensPath(), equalTo("5")))
            .willReturn(sse(stream(words(5), 11, 5, "length"))));
  }

  @AfterEach
  void stopProvider() {
    provider.close();
    readers.shutdownNow();
    root.detachAppender(logs);
    root.setLevel(rootLevel);
    ours.setLevel(null);
    for (ILoggingEvent event : logs.list) {
      assertThat(event.getFormattedMessage()).doesNotContain(KEY);
      for (var t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        assertThat(t.getMessage() == null ? "" : t.getMessage()).doesNotContain(KEY);
      }
    }
  }

  private HttpChatProvider at(URI baseUrl, Duration timeout) {
    return HttpChatProvider.create(
        chatApi().family(),
        chatApi(),
        baseUrl,
        KEY,
        new HttpChatProvider.Settings(
            timeout, timeout, Duration.ofSeconds(30), LOOPBACK, Clock.systemUTC()),
        readers,
        HttpChatProvider::estimateTokens);
  }

  protected static List<String> words(int n) {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      words.add(" w" + i);
    }
    return words;
  }

  protected static ResponseDefinitionBuilder sse(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "text/event-stream")
        .withBody(body);
  }

  private Recorder ask(int maxTokens) throws InterruptedException {
    Recorder recorder = new Recorder();
    provider.start(aRequest(maxTokens), recorder);
    assertThat(recorder.ended.await(30, TimeUnit.SECONDS)).as("the reply ends").isTrue();
    return recorder;
  }

  private ChatProviderException failure(Recorder recorder) {
    assertThat(recorder.completions).isEmpty();
    assertThat(recorder.errors).hasSize(1);
    ChatProviderException error = recorder.errors.get(0);
    assertThat(error.getMessage()).doesNotContain(KEY);
    assertThat(String.valueOf(error)).doesNotContain(KEY);
    return error;
  }

  private void answerWith(ResponseDefinitionBuilder answer) {
    api.stubFor(post(anyUrl()).atPriority(1).willReturn(answer));
  }

  @Test
  void sendsTheKeyAndReadsTheTextAndTheProvidersUsage() throws Exception {
    answerWith(sse(stream(List.of("Hello", ",", " world"), 23, 4, "stop")));
    Recorder recorder = new Recorder();
    provider.start(
        new ChatRequest(
            model(),
            List.of(
                ChatMessage.text(ChatRole.SYSTEM, "Be brief."),
                ChatMessage.text(ChatRole.USER, "Hi"),
                ChatMessage.text(ChatRole.ASSISTANT, "Hello?"),
                ChatMessage.text(ChatRole.USER, "Greet the world")),
            0.5,
            64,
            9),
        recorder);
    assertThat(recorder.ended.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(recorder.errors).isEmpty();
    assertThat(String.join("", recorder.deltas.stream().map(d -> d.text()).toList()))
        .isEqualTo("Hello, world");
    ChatCompletion completion = recorder.completions.get(0);
    assertThat(completion.usage().promptTokens()).isEqualTo(23);
    assertThat(completion.usage().completionTokens()).isEqualTo(4);
    assertThat(completion.finishReason()).isEqualTo(ChatCompletion.FinishReason.STOP);
    api.verify(
        postRequestedFor(anyUrl())
            .withHeader(keyHeader(), equalTo(keyHeaderValue()))
            .withRequestBody(matchingJsonPath(maxTokensPath(), equalTo("64"))));
    assertThat(api.getAllServeEvents().get(0).getRequest().getBodyAsString())
        .contains("Greet the world", "Be brief.", "Hello?")
        .doesNotContain(KEY);
  }

  @Test
  void rateLimitedWithRetryAfterMayFailOver() throws Exception {
    answerWith(
        aResponse()
            .withStatus(429)
            .withHeader("Retry-After", "7")
            .withBody("{\"error\":{\"message\":\"slow down\"}}"));
    ChatProviderException error = failure(ask(64));
    assertThat(error.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(error.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(error.canFailOver()).isTrue();
  }

  @Test
  void serverErrorsMayFailOver() throws Exception {
    answerWith(aResponse().withStatus(503).withBody("{\"error\":{\"message\":\"overloaded\"}}"));
    ChatProviderException error = failure(ask(64));
    assertThat(error.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(error.canFailOver()).isTrue();
  }

  @Test
  void badRequestsAndRefusedKeysMayNotFailOver() throws Exception {
    answerWith(aResponse().withStatus(400).withBody("{\"error\":{\"message\":\"bad field\"}}"));
    ChatProviderException bad = failure(ask(64));
    assertThat(bad.kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(bad.canFailOver()).isFalse();

    answerWith(
        aResponse()
            .withStatus(401)
            .withBody("{\"error\":{\"message\":\"invalid key " + KEY + "\"}}"));
    ChatProviderException unauthorized = failure(ask(64));
    assertThat(unauthorized.kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(unauthorized.canFailOver()).isFalse();
    assertThat(unauthorized.getMessage()).contains("invalid key");
  }

  @Test
  void contentRefusalsMayNotFailOver() throws Exception {
    answerWith(refusal());
    ChatProviderException error = failure(ask(64));
    assertThat(error.kind()).isEqualTo(Kind.REFUSED);
    assertThat(error.canFailOver()).isFalse();
  }

  @Test
  void malformedChunksEndTheReplyAsMalformed() throws Exception {
    answerWith(sse(malformed()));
    Recorder recorder = ask(64);
    ChatProviderException error = failure(recorder);
    assertThat(error.kind()).isEqualTo(Kind.MALFORMED);
    assertThat(recorder.deltas).hasSize(1);
    assertThat(error.afterFirstDelta()).isTrue();
    assertThat(error.canFailOver()).isFalse();
  }

  @Test
  void aStreamThatStopsWithoutItsEndIsCutShortAfterTheDelivered() throws Exception {
    answerWith(sse(cutShort(List.of(" one", " two"))));
    Recorder recorder = ask(64);
    ChatProviderException error = failure(recorder);
    assertThat(error.kind()).isEqualTo(Kind.CONNECTION);
    assertThat(recorder.deliveredTokens()).isEqualTo(2);
    assertThat(error.afterFirstDelta()).isTrue();
    assertThat(error.canFailOver()).isFalse();
  }

  @Test
  void aConnectionDroppedMidStreamIsAConnectionErrorAfterTheDelivered() throws Exception {
    String events = cutShort(List.of(" one", " two"));
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread serving =
          new Thread(
              () -> {
                try (Socket client = server.accept()) {
                  InputStream in = client.getInputStream();
                  readHeadersAndBody(in);
                  OutputStream out = client.getOutputStream();
                  byte[] chunk = events.getBytes(StandardCharsets.UTF_8);
                  out.write(
                      ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                              + "Transfer-Encoding: chunked\r\n\r\n"
                              + Integer.toHexString(chunk.length)
                              + "\r\n")
                          .getBytes(StandardCharsets.US_ASCII));
                  out.write(chunk);
                  out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                  client.setSoLinger(true, 0); // a reset, not a clean end
                } catch (IOException ignored) {
                  // the client's side is what the test checks
                }
              });
      serving.start();
      HttpChatProvider dropping =
          HttpChatProvider.create(
              "dropping",
              chatApi(),
              URI.create("http://127.0.0.1:" + server.getLocalPort() + basePath()),
              KEY,
              new HttpChatProvider.Settings(
                  Duration.ofSeconds(5),
                  Duration.ofSeconds(5),
                  Duration.ofSeconds(30),
                  LOOPBACK,
                  Clock.systemUTC()),
              readers,
              HttpChatProvider::estimateTokens);
      try {
        Recorder recorder = new Recorder();
        dropping.start(aRequest(64), recorder);
        assertThat(recorder.ended.await(30, TimeUnit.SECONDS)).isTrue();
        ChatProviderException error = failure(recorder);
        assertThat(error.kind()).isEqualTo(Kind.CONNECTION);
        assertThat(recorder.deliveredTokens()).isEqualTo(2);
        assertThat(error.afterFirstDelta()).isTrue();
      } finally {
        dropping.close();
        serving.join(5000);
      }
    }
  }

  @Test
  void cancelClosesTheUpstreamConnectionWithinASecond() throws Exception {
    java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread serving =
          new Thread(
              () -> {
                try (Socket client = server.accept()) {
                  readHeadersAndBody(client.getInputStream());
                  OutputStream out = client.getOutputStream();
                  out.write(
                      ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                              + "Transfer-Encoding: chunked\r\n\r\n")
                          .getBytes(StandardCharsets.US_ASCII));
                  // a reply that never ends: a delta every 50 ms until the client goes away
                  for (int i = 0; i < 2_000; i++) {
                    byte[] chunk = cutShort(List.of(" w" + i)).getBytes(StandardCharsets.UTF_8);
                    out.write(
                        (Integer.toHexString(chunk.length) + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(50);
                  }
                } catch (IOException e) {
                  closed.countDown(); // the write failed: the client closed the connection
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      serving.setDaemon(true);
      serving.start();
      HttpChatProvider slow =
          at(
              URI.create("http://127.0.0.1:" + server.getLocalPort() + basePath()),
              Duration.ofSeconds(5));
      try {
        Recorder recorder = new Recorder();
        var stream = slow.start(aRequest(64), recorder);
        assertThat(recorder.firstDelta.await(30, TimeUnit.SECONDS)).isTrue();
        stream.cancel();
        recorder.cancelled = true;
        assertThat(closed.await(1, TimeUnit.SECONDS))
            .as("the provider saw its connection closed within a second of the cancel")
            .isTrue();
        assertThat(recorder.callsAfterCancel.get()).isZero();
      } finally {
        slow.close();
      }
    }
  }

  @Test
  void noAnswerWithinTheTimeoutIsATimeoutThatMayFailOver() throws Exception {
    answerWith(sse(stream(words(3), 11, 3, "stop")).withFixedDelay(3000));
    HttpChatProvider impatient = at(URI.create(api.baseUrl() + basePath()), Duration.ofMillis(500));
    Recorder recorder = new Recorder();
    try {
      impatient.start(aRequest(64), recorder);
      assertThat(recorder.ended.await(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      impatient.close();
    }
    ChatProviderException error = failure(recorder);
    assertThat(error.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(error.canFailOver()).isTrue();
  }

  @Test
  void aRefusedConnectionIsAConnectionErrorThatMayFailOver() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    HttpChatProvider nowhere =
        HttpChatProvider.create(
            "nowhere",
            chatApi(),
            URI.create("http://127.0.0.1:" + closedPort + basePath()),
            KEY,
            new HttpChatProvider.Settings(
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                LOOPBACK,
                Clock.systemUTC()),
            readers,
            HttpChatProvider::estimateTokens);
    try {
      Recorder recorder = new Recorder();
      nowhere.start(aRequest(64), recorder);
      assertThat(recorder.ended.await(30, TimeUnit.SECONDS)).isTrue();
      ChatProviderException error = failure(recorder);
      assertThat(error.kind()).isEqualTo(Kind.CONNECTION);
      assertThat(error.canFailOver()).isTrue();
    } finally {
      nowhere.close();
    }
  }

  @Test
  void aProviderIsNotBuiltWithoutItsKey() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                HttpChatProvider.create(
                    "keyless",
                    chatApi(),
                    URI.create(api.baseUrl()),
                    " ",
                    new HttpChatProvider.Settings(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        LOOPBACK,
                        Clock.systemUTC()),
                    readers,
                    HttpChatProvider::estimateTokens))
        .hasMessageContaining("omnix.chat.providers.keyless.api-key");
    assertThat(provider.toString()).doesNotContain(KEY);
  }

  private static void readHeadersAndBody(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return;
      }
      head.append((char) b);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    in.readNBytes(length);
  }
}
