package ai.omnix.pipeline.generation.provider.fal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body of at most {@code limit} bytes. Past the limit it stops reading and
 * either keeps what it has (for error bodies, where an excerpt is enough) or fails with {@link
 * TooLarge} (for answers that must be whole).
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

  /** A body longer than the limit where the whole body was needed. */
  static final class TooLarge extends IOException {
    TooLarge(int limit) {
      super("body longer than " + limit + " bytes");
    }
  }

  private final int limit;
  private final boolean truncate;
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private Flow.Subscription subscription;

  private BoundedBody(int limit, boolean truncate) {
    this.limit = limit;
    this.truncate = truncate;
  }

  /** Fails with {@link TooLarge} past {@code limit} bytes. */
  static BoundedBody whole(int limit) {
    return new BoundedBody(limit, false);
  }

  /** Keeps the first {@code limit} bytes and drops the rest. */
  static BoundedBody truncated(int limit) {
    return new BoundedBody(limit, true);
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (body.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      int room = limit - buffer.size();
      int length = item.remaining();
      if (length > room) {
        if (truncate) {
          copy(item, room);
          body.complete(buffer.toByteArray());
        } else {
          body.completeExceptionally(new TooLarge(limit));
        }
        subscription.cancel();
        return;
      }
      copy(item, length);
    }
  }

  private void copy(ByteBuffer item, int length) {
    byte[] chunk = new byte[length];
    item.get(chunk);
    buffer.write(chunk, 0, length);
  }

  @Override
  public void onError(Throwable throwable) {
    body.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    body.complete(buffer.toByteArray());
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }
}
