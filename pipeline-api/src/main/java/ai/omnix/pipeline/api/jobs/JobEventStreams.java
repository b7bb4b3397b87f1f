package ai.omnix.pipeline.api.jobs;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobStatus;
import ai.omnix.pipeline.store.job.JobEvent;
import ai.omnix.pipeline.store.job.JobRepository;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events for one job, read from the job's event log (the worker that changes the job
 * may be another process). Each event carries its log id, so a client that reconnects with {@code
 * Last-Event-ID} misses nothing. The stream closes after the terminal event, and after {@code
 * maxOpen} in any case.
 */
public class JobEventStreams {
  private final JobRepository jobs;
  private final ScheduledExecutorService poller;
  private final Duration pollEvery;
  private final Duration maxOpen;
  private final Duration keepAlive;

  public JobEventStreams(
      JobRepository jobs,
      ScheduledExecutorService poller,
      Duration pollEvery,
      Duration maxOpen,
      Duration keepAlive) {
    this.jobs = jobs;
    this.poller = poller;
    this.pollEvery = pollEvery;
    this.maxOpen = maxOpen;
    this.keepAlive = keepAlive;
  }

  public SseEmitter open(JobId job, long afterEventId) {
    SseEmitter emitter = new SseEmitter(maxOpen.toMillis());
    AtomicLong last = new AtomicLong(afterEventId);
    AtomicLong quietPolls = new AtomicLong();
    long pollsPerKeepAlive = Math.max(1, keepAlive.toMillis() / pollEvery.toMillis());
    AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
    Runnable stop =
        () -> {
          ScheduledFuture<?> f = task.get();
          if (f != null) {
            f.cancel(false);
          }
        };
    emitter.onCompletion(stop);
    emitter.onTimeout(
        () -> {
          stop.run();
          emitter.complete();
        });
    emitter.onError(e -> stop.run());
    task.set(
        poller.scheduleWithFixedDelay(
            () -> {
              try {
                List<JobEvent> events = jobs.events(job, last.get(), 100);
                for (JobEvent event : events) {
                  emitter.send(
                      SseEmitter.event()
                          .id(Long.toString(event.id()))
                          .name(event.kind())
                          .data(event.toWire(job.toString()), MediaType.APPLICATION_JSON));
                  last.set(event.id());
                  if (event.kind().equals("status")
                      && JobStatus.fromWireName(event.status())
                          .map(JobStatus::isTerminal)
                          .orElse(false)) {
                    stop.run();
                    emitter.complete();
                    return;
                  }
                }
                if (events.isEmpty() && quietPolls.incrementAndGet() % pollsPerKeepAlive == 0) {
                  emitter.send(SseEmitter.event().comment("keep-alive"));
                }
              } catch (IOException | IllegalStateException e) {
                stop.run();
              } catch (RuntimeException e) {
                stop.run();
                emitter.completeWithError(e);
              }
            },
            0,
            pollEvery.toMillis(),
            TimeUnit.MILLISECONDS));
    return emitter;
  }
}
