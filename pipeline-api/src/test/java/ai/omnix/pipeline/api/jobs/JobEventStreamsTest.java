package ai.omnix.pipeline.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.job.JobEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The fan-out of job events to streams, with an in-memory event log and sinks: reads happen only
 * for jobs someone follows, one per change whatever the number of followers, a client that does not
 * read is dropped without holding up the others, and the per-tenant limit holds.
 */
class JobEventStreamsTest {
  private static final TenantId TENANT = new TenantId("tenant-a");
  private static final Pattern ID = Pattern.compile("^id: (\\d+)$", Pattern.MULTILINE);

  private final Map<JobId, List<JobEvent>> log = new ConcurrentHashMap<>();
  private long nextEventId = 1;

  private final JobEventStreams streams =
      new JobEventStreams(
          (job, after, limit) ->
              log.getOrDefault(job, List.of()).stream()
                  .filter(e -> e.id() > after)
                  .limit(limit)
                  .toList(),
          Runnable::run,
          Duration.ofMinutes(30),
          Duration.ofSeconds(15),
          3,
          1024);

  private JobEvent append(JobId job, String kind, String status) {
    JobEvent event =
        new JobEvent(
            nextEventId++, kind, status, 0, 1, null, Instant.parse("2026-12-05T08:00:00Z"));
    log.computeIfAbsent(job, j -> new ArrayList<>()).add(event);
    return event;
  }

  /** A client: records what it was sent; one that does not read closes when its buffer fills. */
  static final class FakeSink implements JobEventStreams.Sink {
    final List<Long> ids = new ArrayList<>();
    final long capacity;
    long buffered;
    boolean finished;
    boolean closed;

    FakeSink(long capacity) {
      this.capacity = capacity;
    }

    @Override
    public void send(byte[] bytes) {
      if (closed) {
        return;
      }
      buffered += bytes.length;
      if (buffered > capacity) {
        closed = true;
        return;
      }
      Matcher m = ID.matcher(new String(bytes, StandardCharsets.UTF_8));
      if (m.find()) {
        ids.add(Long.parseLong(m.group(1)));
      }
    }

    /** The client read everything sent so far. */
    void drain() {
      buffered = 0;
    }

    @Override
    public void finish() {
      finished = true;
      closed = true;
    }

    @Override
    public boolean isClosed() {
      return closed;
    }

    @Override
    public long lastSendNanos() {
      return System.nanoTime();
    }
  }

  @Test
  void aChangeCostsOneReadWhateverTheFollowersAndAQuietOrUnfollowedJobCostsNone() {
    JobId followed = JobId.random();
    JobId quiet = JobId.random();
    append(followed, "status", "queued");
    FakeSink a = new FakeSink(Long.MAX_VALUE);
    FakeSink b = new FakeSink(Long.MAX_VALUE);
    FakeSink c = new FakeSink(Long.MAX_VALUE);
    streams.open(TENANT, followed, 0, a);
    streams.open(TENANT, followed, 0, b);
    streams.open(new TenantId("tenant-b"), quiet, 0, c);
    long readsAfterOpening = streams.reads();

    JobEvent running = append(followed, "status", "running");
    streams.jobChanged(followed);
    streams.jobChanged(JobId.random());

    assertThat(streams.reads()).isEqualTo(readsAfterOpening + 1);
    assertThat(a.ids).containsExactly(1L, running.id());
    assertThat(b.ids).containsExactly(1L, running.id());
    assertThat(c.ids).isEmpty();
  }

  @Test
  void aClientThatDoesNotReadIsDroppedWhileTheOthersGetEveryEvent() {
    JobId job = JobId.random();
    FakeSink stalled = new FakeSink(1024);
    FakeSink reader = new FakeSink(1024);
    streams.open(TENANT, job, 0, stalled);
    streams.open(TENANT, job, 0, reader);

    List<Long> sent = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      sent.add(append(job, "progress", "running").id());
      streams.jobChanged(job);
      reader.drain();
    }

    assertThat(stalled.closed).isTrue();
    assertThat(stalled.ids.size()).isLessThan(50);
    assertThat(reader.ids).containsExactlyElementsOf(sent);
    assertThat(streams.openStreams()).isEqualTo(1);
  }

  @Test
  void aTenantHoldsAtMostItsLimitAndATerminalEventGivesTheSlotBack() {
    JobId job = JobId.random();
    FakeSink first = new FakeSink(Long.MAX_VALUE);
    streams.open(TENANT, job, 0, first);
    streams.open(TENANT, JobId.random(), 0, new FakeSink(Long.MAX_VALUE));
    streams.open(TENANT, JobId.random(), 0, new FakeSink(Long.MAX_VALUE));

    assertThatThrownBy(() -> streams.open(TENANT, JobId.random(), 0, new FakeSink(100)))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            p -> {
              assertThat(p.status()).isEqualTo(429);
              assertThat(p.code()).isEqualTo("too_many_streams");
            });
    // Another tenant is not affected.
    streams.open(new TenantId("tenant-b"), job, 0, new FakeSink(Long.MAX_VALUE));

    append(job, "status", "succeeded");
    streams.jobChanged(job);

    assertThat(first.finished).isTrue();
    streams.open(TENANT, JobId.random(), 0, new FakeSink(Long.MAX_VALUE));
  }

  @Test
  void aCatchUpAfterLostNotificationsDeliversWhatWasMissedOnceAndInOrder() {
    JobId job = JobId.random();
    FakeSink sink = new FakeSink(Long.MAX_VALUE);
    append(job, "status", "queued");
    streams.open(TENANT, job, 0, sink);
    List<Long> missed = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      missed.add(append(job, "progress", "running").id());
    }

    streams.catchUp();
    streams.catchUp();

    List<Long> expected = new ArrayList<>(List.of(1L));
    expected.addAll(missed);
    assertThat(sink.ids).containsExactlyElementsOf(expected);
  }

  @Test
  void aReconnectingClientGetsOnlyEventsAfterItsLastEventId() {
    JobId job = JobId.random();
    append(job, "status", "queued");
    JobEvent second = append(job, "status", "running");
    JobEvent third = append(job, "progress", "running");
    FakeSink sink = new FakeSink(Long.MAX_VALUE);

    streams.open(TENANT, job, second.id() - 1, sink);

    assertThat(sink.ids).containsExactly(second.id(), third.id());
  }
}
