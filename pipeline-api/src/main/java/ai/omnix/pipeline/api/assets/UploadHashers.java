package ai.omnix.pipeline.api.assets;

import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that hash uploads while they stream: one task per upload for its whole length, at
 * most {@code threads} at once; an upload beyond them hashes on its request thread. Not an {@link
 * Executor} bean itself, so Spring Boot's own task executor is unaffected.
 */
public final class UploadHashers implements AutoCloseable {
  private final ThreadPoolExecutor pool;

  public UploadHashers(int threads) {
    AtomicInteger count = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            0,
            threads,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread thread = new Thread(r, "upload-hasher-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  public Executor executor() {
    return pool;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
