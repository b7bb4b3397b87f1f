package ai.omnix.pipeline.testkit.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.omnix.pipeline.core.chat.ChatCompletion;
import ai.omnix.pipeline.core.chat.ChatDelta;
import ai.omnix.pipeline.core.chat.ChatListener;
import ai.omnix.pipeline.core.chat.ChatMessage;
import ai.omnix.pipeline.core.chat.ChatProvider;
import ai.omnix.pipeline.core.chat.ChatProviderException;
import ai.omnix.pipeline.core.chat.ChatRequest;
import ai.omnix.pipeline.core.chat.ChatRole;
import ai.omnix.pipeline.core.chat.ChatStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ChatProvider} promises (its Javadoc), as one suite: each implementation's test
 * extends this and supplies a provider whose replies to {@link #aRequest} have at least {@link
 * #LONG_REPLY_TOKENS} tokens and take at least a second.
 */
public abstract class ChatProviderContract {
  protected static final int LONG_REPLY_TOKENS = 20;

  /** A provider ready to answer; replies are long and slow enough to cancel in the middle. */
  protected abstract ChatProvider provider();

  /** The provider model id to ask for. */
  protected abstract String model();

  protected ChatRequest aRequest(int maxTokens) {
    return new ChatRequest(
        model(),
        List.of(ChatMessage.text(ChatRole.USER, "Tell me a long story")),
        null,
        maxTokens,
        7);
  }

  /** Records every callback, and fails on overlapping calls. */
  protected static final class Recorder implements ChatListener {
    public Recorder() {}

    public final List<ChatDelta> deltas = new CopyOnWriteArrayList<>();
    public final List<ChatCompletion> completions = new CopyOnWriteArrayList<>();
    public final List<ChatProviderException> errors = new CopyOnWriteArrayList<>();
    public final AtomicInteger callsAfterCancel = new AtomicInteger();
    public final AtomicInteger overlapping = new AtomicInteger();
    public final CountDownLatch ended = new CountDownLatch(1);
    public final CountDownLatch firstDelta = new CountDownLatch(1);
    private final AtomicInteger inside = new AtomicInteger();
    public volatile boolean cancelled;

    private void enter() {
      if (inside.incrementAndGet() != 1) {
        overlapping.incrementAndGet();
      }
      if (cancelled) {
        callsAfterCancel.incrementAndGet();
      }
    }

    @Override
    public void onDelta(ChatDelta delta) {
      enter();
      deltas.add(delta);
      firstDelta.countDown();
      inside.decrementAndGet();
    }

    @Override
    public void onComplete(ChatCompletion completion) {
      enter();
      completions.add(completion);
      ended.countDown();
      inside.decrementAndGet();
    }

    @Override
    public void onError(ChatProviderException error) {
      enter();
      errors.add(error);
      ended.countDown();
      inside.decrementAndGet();
    }

    public int deliveredTokens() {
      return deltas.stream().mapToInt(ChatDelta::tokens).sum();
    }
  }

  @Test
  void streamsDeltasAndEndsWithTheUsageOnce() throws Exception {
    Recorder recorder = new Recorder();
    provider().start(aRequest(5), recorder);
    assertTrue(recorder.ended.await(30, TimeUnit.SECONDS), "the reply ends");
    assertEquals(List.of(), recorder.errors);
    assertEquals(1, recorder.completions.size());
    assertEquals(0, recorder.overlapping.get(), "overlapping callbacks");
    ChatCompletion completion = recorder.completions.get(0);
    assertEquals(recorder.deliveredTokens(), completion.usage().completionTokens());
    assertEquals(5, completion.usage().completionTokens());
    assertEquals(ChatCompletion.FinishReason.LENGTH, completion.finishReason());
    assertTrue(completion.usage().promptTokens() > 0);
  }

  @Test
  void startReturnsBeforeTheReplyEnds() {
    Recorder recorder = new Recorder();
    ChatStream stream = provider().start(aRequest(LONG_REPLY_TOKENS), recorder);
    try {
      assertEquals(1, recorder.ended.getCount());
    } finally {
      stream.cancel();
    }
  }

  @Test
  void cancelStopsTheReplyAndNothingIsCalledAfterwards() throws Exception {
    Recorder recorder = new Recorder();
    ChatStream stream = provider().start(aRequest(LONG_REPLY_TOKENS), recorder);
    assertTrue(recorder.firstDelta.await(30, TimeUnit.SECONDS), "a first delta");
    stream.cancel();
    recorder.cancelled = true;
    int delivered = recorder.deltas.size();
    stream.cancel();
    assertFalse(recorder.ended.await(1, TimeUnit.SECONDS), "no ending after a cancel");
    assertEquals(0, recorder.callsAfterCancel.get());
    assertEquals(delivered, recorder.deltas.size());
    assertTrue(delivered < LONG_REPLY_TOKENS);
  }

  @Test
  void cancelFromInsideACallbackIsAllowed() throws Exception {
    ChatStream[] stream = new ChatStream[1];
    CountDownLatch started = new CountDownLatch(1);
    Recorder recorder = new Recorder();
    ChatListener cancelling =
        new ChatListener() {
          @Override
          public void onDelta(ChatDelta delta) {
            recorder.onDelta(delta);
            try {
              started.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            stream[0].cancel();
            recorder.cancelled = true;
          }

          @Override
          public void onComplete(ChatCompletion completion) {
            recorder.onComplete(completion);
          }

          @Override
          public void onError(ChatProviderException error) {
            recorder.onError(error);
          }
        };
    stream[0] = provider().start(aRequest(LONG_REPLY_TOKENS), cancelling);
    started.countDown();
    assertTrue(recorder.firstDelta.await(30, TimeUnit.SECONDS), "a first delta");
    assertFalse(recorder.ended.await(500, TimeUnit.MILLISECONDS), "no ending after a cancel");
    assertEquals(1, recorder.deltas.size());
    assertEquals(0, recorder.callsAfterCancel.get());
  }
}
