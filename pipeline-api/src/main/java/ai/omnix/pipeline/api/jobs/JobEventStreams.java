package ai.omnix.pipeline.api.jobs;

import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.api.stream.AsyncResponse;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobStatus;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.job.JobEvent;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Server-Sent Events for jobs, fanned out from one notification feed per process: a stream costs no
 * query while its job is quiet; a new event of a job costs one read of its log, shared by every
 * stream open on that job in this process. Each event carries its log id, so a client that
 * reconnects with {@code Last-Event-ID} misses nothing. Writes never block: a client that does not
 * read is dropped once {@code maxBufferedBytes} wait for it, and nobody else waits for it. A tenant
 * may hold {@code maxStreamsPerTenant} streams per process; the stream closes after the terminal
 * event, and after {@code maxOpen} in any case.
 *
 * <p>Call {@link #jobChanged} for each notification and {@link #catchUp} when notifications may
 * have been missed (the feed reconnected); call {@link #keepAlive} periodically.
 */
public class JobEventStreams {
  private static final Logger LOG = LoggerFactory.getLogger(JobEventStreams.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int PAGE = 100;

  /** Reads a job's events after an id, oldest first, at most {@code limit}. */
  @FunctionalInterface
  public interface EventLog {
    List<JobEvent> events(JobId job, long afterEventId, int limit);
  }

  private final EventLog eventLog;
  private final Executor readers;
  private final Duration maxOpen;
  private final Duration keepAlive;
  private final int maxStreamsPerTenant;
  private final long maxBufferedBytes;
  private final Map<JobId, Topic> topics = new ConcurrentHashMap<>();
  private final Map<TenantId, AtomicInteger> perTenant = new ConcurrentHashMap<>();
  private final AtomicLong reads = new AtomicLong();

  public JobEventStreams(
      EventLog log,
      Executor readers,
      Duration maxOpen,
      Duration keepAlive,
      int maxStreamsPerTenant,
      long maxBufferedBytes) {
    this.eventLog = log;
    this.readers = readers;
    this.maxOpen = maxOpen;
    this.keepAlive = keepAlive;
    this.maxStreamsPerTenant = maxStreamsPerTenant;
    this.maxBufferedBytes = maxBufferedBytes;
  }

  /** Where a stream's bytes go; {@link AsyncResponse} in production. */
  interface Sink {
    void send(byte[] bytes);

    void finish();

    boolean isClosed();

    long lastSendNanos();
  }

  /** The streams open on one job, and whether a read of its log is already on its way. */
  private static final class Topic {
    final JobId job;
    final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    final AtomicBoolean readPending = new AtomicBoolean();

    Topic(JobId job) {
      this.job = job;
    }
  }

  private final class Stream {
    final TenantId tenant;
    final AtomicLong last;
    final AtomicBoolean released = new AtomicBoolean();
    volatile Sink sink;
    volatile Topic topic;

    Stream(TenantId tenant, long after) {
      this.tenant = tenant;
      this.last = new AtomicLong(after);
    }

    void release() {
      if (released.compareAndSet(false, true)) {
        Topic t = topic;
        if (t != null) {
          topics.computeIfPresent(
              t.job,
              (id, existing) -> {
                existing.streams.remove(this);
                return existing.streams.isEmpty() ? null : existing;
              });
        }
        perTenant.computeIfPresent(
            tenant, (id, count) -> count.decrementAndGet() <= 0 ? null : count);
      }
    }
  }

  /**
   * Starts streaming a job the caller owns (checked by the caller).
   *
   * @throws ApiProblem 429 {@code too_many_streams} when the tenant has its limit open here
   */
  public void open(
      HttpServletRequest request,
      HttpServletResponse response,
      TenantId tenant,
      JobId job,
      long afterEventId)
      throws IOException {
    Stream stream = reserve(tenant, afterEventId);
    try {
      AsyncResponse out =
          AsyncResponse.start(
              request, response, maxOpen, maxBufferedBytes, cause -> stream.release());
      HttpServletResponse raw = out.response();
      raw.setStatus(200);
      raw.setContentType("text/event-stream");
      raw.setCharacterEncoding("UTF-8");
      raw.setHeader("Cache-Control", "no-cache");
      raw.setHeader("X-Accel-Buffering", "no");
      attach(stream, job, asSink(out));
    } catch (IOException | RuntimeException e) {
      stream.release();
      throw e;
    }
  }

  private Stream reserve(TenantId tenant, long afterEventId) {
    AtomicInteger count = perTenant.computeIfAbsent(tenant, id -> new AtomicInteger());
    if (count.incrementAndGet() > maxStreamsPerTenant) {
      perTenant.computeIfPresent(tenant, (id, c) -> c.decrementAndGet() <= 0 ? null : c);
      throw new ApiProblem(
          429,
          "too_many_streams",
          "Too many event streams",
          "This tenant already has "
              + maxStreamsPerTenant
              + " event streams open; close one or use webhooks.");
    }
    return new Stream(tenant, afterEventId);
  }

  /** Registers a stream on its job and reads what it missed (also used by tests with a sink). */
  void attach(Stream stream, JobId job, Sink sink) {
    stream.sink = sink;
    Topic topic =
        topics.compute(
            job,
            (id, existing) -> {
              Topic t = existing == null ? new Topic(id) : existing;
              stream.topic = t;
              t.streams.add(stream);
              return t;
            });
    schedule(topic);
  }

  /** Test entry: opens a stream on {@code sink} with the same limits as {@link #open}. */
  void open(TenantId tenant, JobId job, long afterEventId, Sink sink) {
    attach(reserve(tenant, afterEventId), job, sink);
  }

  /** A notification: the job has new events. Costs nothing when no stream here follows it. */
  public void jobChanged(JobId job) {
    Topic topic = topics.get(job);
    if (topic != null) {
      schedule(topic);
    }
  }

  /** Notifications may have been lost: read every followed job's log once. */
  public void catchUp() {
    topics.values().forEach(this::schedule);
  }

  /** Sends a comment to streams that have been quiet for the keep-alive interval. */
  public void keepAlive() {
    long quietSince = System.nanoTime() - keepAlive.toNanos();
    byte[] comment = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
    for (Topic topic : topics.values()) {
      for (Stream stream : topic.streams) {
        Sink sink = stream.sink;
        if (sink != null && sink.lastSendNanos() - quietSince < 0) {
          sink.send(comment);
        }
      }
    }
  }

  /** Streams open in this process. */
  public int openStreams() {
    return topics.values().stream().mapToInt(t -> t.streams.size()).sum();
  }

  /** Reads of the event log made so far (one per notified job with streams, per page). */
  public long reads() {
    return reads.get();
  }

  private void schedule(Topic topic) {
    if (topic.readPending.compareAndSet(false, true)) {
      readers.execute(() -> read(topic));
    }
  }

  private void read(Topic topic) {
    // Cleared before reading: an event committed during the read schedules another read, which
    // waits for this one so a stream gets its events in order.
    topic.readPending.set(false);
    synchronized (topic) {
      readLocked(topic);
    }
  }

  private void readLocked(Topic topic) {
    try {
      while (!topic.streams.isEmpty()) {
        long from = topic.streams.stream().mapToLong(s -> s.last.get()).min().orElse(0);
        reads.incrementAndGet();
        List<JobEvent> events = eventLog.events(topic.job, from, PAGE);
        for (JobEvent event : events) {
          deliver(topic, event);
        }
        if (events.size() < PAGE) {
          return;
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("reading events of job {} failed", topic.job, e);
      // The next notification or catch-up reads again.
    }
  }

  private void deliver(Topic topic, JobEvent event) {
    byte[] frame = frame(topic.job, event);
    boolean terminal =
        event.kind().equals("status")
            && JobStatus.fromWireName(event.status()).map(JobStatus::isTerminal).orElse(false);
    for (Stream stream : topic.streams) {
      Sink sink = stream.sink;
      if (sink == null || sink.isClosed()) {
        topic.streams.remove(stream);
        stream.release();
        continue;
      }
      long seen = stream.last.get();
      if (event.id() <= seen || !stream.last.compareAndSet(seen, event.id())) {
        continue;
      }
      sink.send(frame);
      if (sink.isClosed()) {
        stream.release();
      } else if (terminal) {
        sink.finish();
        stream.release();
      }
    }
  }

  private static byte[] frame(JobId job, JobEvent event) {
    String data = JSON.writeValueAsString(JobJson.event(event, job.toString()));
    return ("id: " + event.id() + "\nevent: " + event.kind() + "\ndata: " + data + "\n\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static Sink asSink(AsyncResponse out) {
    return new Sink() {
      @Override
      public void send(byte[] bytes) {
        out.send(bytes);
      }

      @Override
      public void finish() {
        out.finish();
      }

      @Override
      public boolean isClosed() {
        return out.isClosed();
      }

      @Override
      public long lastSendNanos() {
        return out.lastSendNanos();
      }
    };
  }
}
