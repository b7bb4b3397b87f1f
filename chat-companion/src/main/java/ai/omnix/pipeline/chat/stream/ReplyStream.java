package ai.omnix.pipeline.chat.stream;

import ai.omnix.pipeline.api.stream.AsyncResponse;
import ai.omnix.pipeline.core.chat.ChatCompletion;
import ai.omnix.pipeline.core.chat.ChatDelta;
import ai.omnix.pipeline.core.chat.ChatListener;
import ai.omnix.pipeline.core.chat.ChatProvider;
import ai.omnix.pipeline.core.chat.ChatProviderException;
import ai.omnix.pipeline.core.chat.ChatRequest;
import ai.omnix.pipeline.core.chat.ChatStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reply from a provider to a client: provider deltas become OpenAI chunks on an {@link
 * AsyncResponse} (or one {@code chat.completion} body when not streaming). Exactly one of three
 * endings wins: the provider completes, the provider fails, or the client goes away; a client that
 * goes away cancels the upstream generation at once. The ending's bookkeeping (storing the reply,
 * releasing the tenant's stream slot, billing) runs on the control executor, never on a provider or
 * container thread, and before the reply's last bytes are sent: a client that has read the end can
 * send the next message at once.
 */
public final class ReplyStream implements ChatListener, AsyncResponse.Listener {
  private static final Logger log = LoggerFactory.getLogger(ReplyStream.class);
  private static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

  /** What happens when the reply ends. */
  public interface Ending {
    /**
     * Our metadata for the last chunk (or the completion object), for example the reply's credits
     * and ids. Called once on the ending thread; must be quick and must not block.
     */
    default Map<String, Object> describe(ReplyOutcome outcome) {
      return Map.of();
    }

    /** The ending's bookkeeping; runs on the control executor. */
    void ended(ReplyOutcome outcome);
  }

  private final ChatProvider provider;
  private final ChatRequest request;
  private final ChunkEncoder encoder;
  private final boolean streaming;
  private final boolean includeUsage;
  private final Map<String, Object> firstChunkMetadata;
  private final Executor control;
  private final ScheduledExecutorService timer;
  private final Duration heartbeat;
  private final Ending ending;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final StringBuilder text = new StringBuilder();
  private int deliveredTokens;
  private AsyncResponse out;
  private ChatStream upstream;
  private boolean cancelRequested;
  private volatile ScheduledFuture<?> heartbeatTask;

  public ReplyStream(
      ChatProvider provider,
      ChatRequest request,
      ChunkEncoder encoder,
      boolean streaming,
      boolean includeUsage,
      Map<String, Object> firstChunkMetadata,
      Executor control,
      ScheduledExecutorService timer,
      Duration heartbeat,
      Ending ending) {
    this.provider = provider;
    this.request = request;
    this.encoder = encoder;
    this.streaming = streaming;
    this.includeUsage = includeUsage;
    this.firstChunkMetadata = firstChunkMetadata;
    this.control = control;
    this.timer = timer;
    this.heartbeat = heartbeat;
    this.ending = ending;
  }

  /** Writes the first chunk and starts the provider. Call once, right after the async start. */
  public void start(AsyncResponse response) {
    this.out = response;
    if (streaming) {
      var r = response.response();
      r.setStatus(200);
      r.setContentType("text/event-stream;charset=UTF-8");
      r.setHeader("Cache-Control", "no-cache");
      r.setHeader("X-Accel-Buffering", "no");
      response.send(encoder.roleChunk(firstChunkMetadata));
      long period = heartbeat.toNanos();
      heartbeatTask =
          timer.scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.NANOSECONDS);
    }
    ChatStream started;
    try {
      started = provider.start(request, this);
    } catch (RuntimeException e) {
      log.warn("chat provider {} failed to start", provider.name(), e);
      onError(
          new ChatProviderException(
              ChatProviderException.Kind.UNAVAILABLE, "provider failed to start", null, false, e));
      return;
    }
    boolean cancelNow;
    synchronized (this) {
      upstream = started;
      cancelNow = cancelRequested;
    }
    if (cancelNow) {
      started.cancel();
    }
  }

  private void heartbeat() {
    if (System.nanoTime() - out.lastSendNanos() >= heartbeat.toNanos()) {
      out.send(HEARTBEAT);
    }
  }

  @Override
  public void onDelta(ChatDelta delta) {
    if (ended.get()) {
      return;
    }
    synchronized (this) {
      text.append(delta.text());
      deliveredTokens += delta.tokens();
    }
    if (streaming) {
      out.send(encoder.contentChunk(delta.text()));
    }
  }

  @Override
  public void onComplete(ChatCompletion completion) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    stopHeartbeat();
    ReplyOutcome outcome;
    synchronized (this) {
      outcome =
          new ReplyOutcome(
              ReplyOutcome.Kind.COMPLETE,
              text.toString(),
              completion.usage().promptTokens(),
              completion.usage().completionTokens(),
              completion.finishReason().wireName(),
              null);
    }
    Map<String, Object> usage =
        ChunkEncoder.usage(outcome.promptTokens(), outcome.completionTokens());
    Map<String, Object> omnix = ending.describe(outcome);
    // the reply is stored before the client reads its end: a next message sent right after [DONE]
    // finds it finished, never still streaming
    control.execute(
        () -> {
          ended(outcome);
          if (streaming) {
            out.send(encoder.finishChunk(outcome.finishReason()));
            if (includeUsage) {
              out.send(encoder.usageChunk(usage, omnix));
            }
            out.send(ChunkEncoder.DONE);
          } else {
            Map<String, Object> body =
                encoder.completion(outcome.text(), outcome.finishReason(), usage);
            if (!omnix.isEmpty()) {
              body.put("omnix", omnix);
            }
            var r = out.response();
            r.setStatus(200);
            r.setContentType("application/json");
            out.send(ChunkEncoder.json(body));
          }
          out.finish();
        });
  }

  @Override
  public void onError(ChatProviderException error) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    stopHeartbeat();
    log.warn("chat provider {} failed: {} {}", provider.name(), error.kind(), error.getMessage());
    ReplyOutcome outcome;
    synchronized (this) {
      outcome =
          new ReplyOutcome(
              ReplyOutcome.Kind.FAILED,
              text.toString(),
              request.promptTokens(),
              deliveredTokens,
              null,
              error);
    }
    Map<String, Object> body = OpenAiErrors.providerError(error);
    control.execute(
        () -> {
          ended(outcome);
          if (streaming) {
            out.send(ChunkEncoder.errorEvent(body));
          } else {
            var r = out.response();
            r.setStatus(OpenAiErrors.providerStatus(error));
            r.setContentType("application/json");
            out.send(ChunkEncoder.json(Map.of("error", body)));
          }
          out.finish();
        });
  }

  @Override
  public void clientGone(Throwable cause) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    // may run on a container thread: the provider's cancel may wait for its own lock, so not here
    control.execute(
        () -> {
          stopHeartbeat();
          cancelUpstream();
          ReplyOutcome outcome;
          synchronized (this) {
            outcome =
                new ReplyOutcome(
                    ReplyOutcome.Kind.CLIENT_GONE,
                    text.toString(),
                    request.promptTokens(),
                    deliveredTokens,
                    null,
                    null);
          }
          ended(outcome);
        });
  }

  private void cancelUpstream() {
    ChatStream stream;
    synchronized (this) {
      cancelRequested = true;
      stream = upstream;
    }
    if (stream != null) {
      stream.cancel();
    }
  }

  private void stopHeartbeat() {
    ScheduledFuture<?> task = heartbeatTask;
    if (task != null) {
      task.cancel(false);
    }
  }

  private void ended(ReplyOutcome outcome) {
    try {
      ending.ended(outcome);
    } catch (RuntimeException e) {
      log.error("recording the end of a chat reply failed", e);
    }
  }
}
