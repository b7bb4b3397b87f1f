package ai.omnix.pipeline.generation.job;

import ai.omnix.pipeline.generation.provider.GeneratedMedia;
import ai.omnix.pipeline.generation.provider.GenerationProvider;
import ai.omnix.pipeline.generation.provider.ProviderRequest;
import ai.omnix.pipeline.generation.provider.ProviderResponse;
import ai.omnix.pipeline.providers.ProviderException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * A provider that answers from a script, for the router's and handler's logic. The HTTP clients
 * themselves are tested against WireMock (see {@code HttpGenerationProviderContract}); here only
 * the decisions around them are.
 */
final class ScriptedProvider implements GenerationProvider {
  interface Step {
    ProviderResponse answer() throws ProviderException;
  }

  private final String name;
  private final Deque<Step> submits = new ArrayDeque<>();
  private final Map<String, Deque<Step>> polls = new ConcurrentHashMap<>();
  final AtomicInteger submitCalls = new AtomicInteger();
  final AtomicInteger pollCalls = new AtomicInteger();
  final List<String> canceled = new java.util.concurrent.CopyOnWriteArrayList<>();

  ScriptedProvider(String name) {
    this.name = name;
  }

  ScriptedProvider onSubmit(Step... steps) {
    submits.addAll(List.of(steps));
    return this;
  }

  ScriptedProvider onPoll(String operationId, Step... steps) {
    polls.computeIfAbsent(operationId, k -> new ArrayDeque<>()).addAll(List.of(steps));
    return this;
  }

  static Step png() {
    return () ->
        new ProviderResponse.Completed(
            List.of(GeneratedMedia.inline("image/png", pngBytes())), null, null);
  }

  static Step mp4() {
    byte[] mp4 = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0};
    return () ->
        new ProviderResponse.Completed(
            List.of(GeneratedMedia.inline("video/mp4", mp4)), "req-v", null);
  }

  static Step pending(String operationId) {
    return () -> new ProviderResponse.Pending(operationId, null);
  }

  static Step fails(ProviderException.Kind kind) {
    return () -> {
      throw new ProviderException(
          kind, kind == ProviderException.Kind.RATE_LIMITED ? 429 : 500, "scripted " + kind);
    };
  }

  static Step rateLimited(java.time.Duration retryAfter) {
    return () -> {
      throw new ProviderException(
          ProviderException.Kind.RATE_LIMITED, 429, retryAfter, "scripted 429", null);
    };
  }

  static byte[] pngBytes() {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized ProviderResponse submit(ProviderRequest request) throws ProviderException {
    submitCalls.incrementAndGet();
    Step step = submits.size() > 1 ? submits.poll() : submits.peek();
    if (step == null) {
      throw new AssertionError(name + " was not expected to be called");
    }
    return step.answer();
  }

  @Override
  public synchronized ProviderResponse poll(ProviderRequest request, String operationId)
      throws ProviderException {
    pollCalls.incrementAndGet();
    Deque<Step> steps = polls.get(operationId);
    if (steps == null || steps.isEmpty()) {
      return new ProviderResponse.Pending(operationId, null);
    }
    return (steps.size() > 1 ? steps.poll() : steps.peek()).answer();
  }

  @Override
  public void cancel(ProviderRequest request, String operationId) {
    canceled.add(operationId);
  }

  @Override
  public InputStream download(GeneratedMedia media) {
    return new ByteArrayInputStream(media.data());
  }
}
