package ai.omnix.pipeline.document.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.document.JobDeadline;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PagesInOrderTest {
  private static final JobDeadline NO_HURRY = JobDeadline.start(Duration.ofMinutes(5), null);

  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final ExecutorService jobThread = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopThreads() {
    pool.shutdownNow();
    jobThread.shutdownNow();
  }

  @Test
  void deliversPagesInPageOrderWhenLaterPagesFinishFirst() throws Exception {
    List<String> delivered = new CopyOnWriteArrayList<>();
    CountDownLatch pageThreeDone = new CountDownLatch(1);

    try (PagesInOrder<String> pages = new PagesInOrder<>(pool, 3, NO_HURRY, delivered::add)) {
      pages.submit(
          () -> {
            assertThat(pageThreeDone.await(30, TimeUnit.SECONDS)).isTrue();
            return "1 scanned";
          });
      pages.addReady("2 text layer");
      pages.submit(
          () -> {
            pageThreeDone.countDown();
            return "3 scanned";
          });
      pages.finish();
    }

    assertThat(delivered).containsExactly("1 scanned", "2 text layer", "3 scanned");
  }

  @Test
  void neverHasMoreThanTheWindowOfPagesQueuedOrRunning() throws Exception {
    int window = 2;
    CountDownLatch[] release = {
      new CountDownLatch(1), new CountDownLatch(1), new CountDownLatch(1)
    };
    CountDownLatch firstTwoStarted = new CountDownLatch(window);
    AtomicInteger submitted = new AtomicInteger();
    ExecutorService countingPool =
        new ThreadPoolExecutor(4, 4, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>()) {
          @Override
          public <V> Future<V> submit(Callable<V> task) {
            submitted.incrementAndGet(); // before the page can start
            return super.submit(task);
          }
        };
    List<Integer> delivered = new CopyOnWriteArrayList<>();

    Future<?> job =
        jobThread.submit(
            () -> {
              try (PagesInOrder<Integer> pages =
                  new PagesInOrder<>(countingPool, window, NO_HURRY, delivered::add)) {
                for (int i = 0; i < release.length; i++) {
                  int page = i;
                  pages.submit(
                      () -> {
                        firstTwoStarted.countDown();
                        assertThat(release[page].await(30, TimeUnit.SECONDS)).isTrue();
                        return page + 1;
                      });
                }
                pages.finish();
              }
              return null;
            });

    assertThat(firstTwoStarted.await(30, TimeUnit.SECONDS)).isTrue();
    // page 3 can only be queued once page 1 is delivered, and page 1 is still held
    assertThat(submitted.get()).isEqualTo(window);
    assertThat(delivered).isEmpty();
    for (CountDownLatch latch : release) {
      latch.countDown();
    }
    job.get(30, TimeUnit.SECONDS);
    countingPool.shutdown();
    assertThat(delivered).containsExactly(1, 2, 3);
    assertThat(submitted.get()).isEqualTo(3);
  }

  @Test
  void rethrowsAPagesJobFailureAsItIs() {
    JobFailedException failure =
        new JobFailedException("unreadable_document", "page 2 broke", false);

    assertThatThrownBy(
            () -> {
              try (PagesInOrder<String> pages = new PagesInOrder<>(pool, 2, NO_HURRY, page -> {})) {
                pages.submit(() -> "1");
                pages.submit(
                    () -> {
                      throw failure;
                    });
                pages.finish();
              }
            })
        .isSameAs(failure);
  }

  @Test
  void stopsWaitingAtTheDeadlineAndCancelsThePagesStillQueued() throws Exception {
    ExecutorService onePageAtATime = Executors.newSingleThreadExecutor();
    CountDownLatch releaseFirst = new CountDownLatch(1);
    AtomicInteger laterPagesRun = new AtomicInteger();
    JobDeadline passed = JobDeadline.start(Duration.ofNanos(1), null);
    try {
      assertThatThrownBy(
              () -> {
                try (PagesInOrder<String> pages =
                    new PagesInOrder<>(onePageAtATime, 3, passed, page -> {})) {
                  pages.submit(
                      () -> {
                        releaseFirst.await(30, TimeUnit.SECONDS);
                        return "1";
                      });
                  pages.submit(() -> "2 " + laterPagesRun.incrementAndGet());
                  pages.submit(() -> "3 " + laterPagesRun.incrementAndGet());
                  pages.finish();
                }
              })
          .isInstanceOfSatisfying(
              JobFailedException.class, e -> assertThat(e.code()).isEqualTo("document_timeout"));
    } finally {
      releaseFirst.countDown();
      onePageAtATime.shutdown();
      assertThat(onePageAtATime.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(laterPagesRun.get()).isZero();
  }
}
