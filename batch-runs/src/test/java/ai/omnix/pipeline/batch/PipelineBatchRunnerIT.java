package ai.omnix.pipeline.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.job.handler.JobCanceledException;
import ai.omnix.pipeline.testkit.SharedPostgres;
import ai.omnix.pipeline.testkit.jobs.TempDirJobAssets;
import ai.omnix.pipeline.testkit.jobs.TempDirJobExecution;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** The batch frame on a real Spring Batch JDBC repository (Flyway's V51 schema). */
class PipelineBatchRunnerIT {
  private static final int ITEMS = 100;
  private static final DataSource DB = migrated();
  private static final DataSourceTransactionManager TX = new DataSourceTransactionManager(DB);
  private static final JobRepository REPOSITORY = repository();
  private static final PipelineBatchRunner RUNNER =
      new PipelineBatchRunner(operator(), REPOSITORY, TX);

  @TempDir Path dir;

  /** 1..100 in chunks of 10, handing each written chunk to {@code onWrite}. */
  private record Numbers(Consumer<List<Integer>> onWrite) implements BatchJobDefinition {
    @Override
    public String name() {
      return "numbers";
    }

    @Override
    public Job build(BatchRunContext context) {
      var reader =
          new AbstractItemCountingItemStreamItemReader<Integer>() {
            private int next;

            @Override
            protected Integer doRead() {
              return next < ITEMS ? ++next : null;
            }

            @Override
            protected void doOpen() {
              next = 0;
            }

            @Override
            protected void doClose() {}
          };
      reader.setName("numbers");
      return new JobBuilder("numbers", context.repository())
          .start(
              new StepBuilder("count", context.repository())
                  .<Integer, Integer>chunk(10)
                  .reader(reader)
                  .writer(
                      (Chunk<? extends Integer> chunk) ->
                          onWrite.accept(List.copyOf(chunk.getItems())))
                  .transactionManager(context.transactionManager())
                  .listener(context.progress(0, "numbers", ITEMS))
                  .build())
          .build();
    }
  }

  private TempDirJobExecution aPipelineJob() {
    return new TempDirJobExecution("numbers", null, Map.of(), new TempDirJobAssets(dir));
  }

  @Test
  void runsTheBatchToCompletionWithThePipelineJobsProgressFollowingIt() throws Exception {
    TempDirJobExecution job = aPipelineJob();
    List<Integer> written = new CopyOnWriteArrayList<>();

    PipelineBatchRunner.Outcome outcome =
        RUNNER.run(new Numbers(written::addAll), job, Map.of(), Duration.ZERO, 1);

    assertThat(outcome.execution().getStatus()).isEqualTo(BatchStatus.COMPLETED);
    assertThat(outcome.resumed()).isFalse();
    assertThat(written).hasSize(ITEMS);
    assertThat(job.progress()).isSorted().contains(50).endsWith(100);

    PipelineBatchRunner.Outcome again =
        RUNNER.run(new Numbers(written::addAll), job, Map.of(), Duration.ZERO, 1);
    assertThat(again.execution().getId())
        .as("a completed batch is not run again")
        .isEqualTo(outcome.execution().getId());
    assertThat(written).hasSize(ITEMS);
  }

  @Test
  void aCancelStopsTheBatchAtTheNextChunkBoundary() {
    TempDirJobExecution job = aPipelineJob();
    List<Integer> written = new CopyOnWriteArrayList<>();

    assertThatThrownBy(
            () ->
                RUNNER.run(
                    new Numbers(
                        chunk -> {
                          written.addAll(chunk);
                          if (written.size() == 30) {
                            job.cancel();
                          }
                        }),
                    job,
                    Map.of(),
                    Duration.ZERO,
                    1))
        .isInstanceOf(JobCanceledException.class);

    assertThat(written).hasSize(30);
    assertThat(
            JdbcClient.create(DB)
                .sql(
                    """
                select e.status from batch_job_execution e
                join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
                where p.parameter_name = 'pipeline.job_id' and p.parameter_value = ?""")
                .param(job.jobId().toString())
                .query(String.class)
                .single())
        .isEqualTo("STOPPED");
  }

  @Test
  void anExecutionLeftStartedByADeadWorkerIsRecoveredAndResumedAfterItsLastCommittedChunk()
      throws Exception {
    TempDirJobExecution job = aPipelineJob();
    List<Integer> firstRun = new CopyOnWriteArrayList<>();
    assertThatThrownBy(
            () ->
                RUNNER.run(
                    new Numbers(
                        chunk -> {
                          if (chunk.get(0) > 50) {
                            throw new IllegalStateException("the worker dies here");
                          }
                          firstRun.addAll(chunk);
                        }),
                    job,
                    Map.of(),
                    Duration.ZERO,
                    1))
        .isInstanceOf(PipelineBatchRunner.BatchRunFailedException.class);
    // what SIGKILL leaves behind: the execution and its step still STARTED, no end time
    JdbcClient jdbc = JdbcClient.create(DB);
    jdbc.sql(
            """
        update batch_job_execution set status = 'STARTED', exit_code = 'UNKNOWN', end_time = null
        where job_execution_id in (select job_execution_id from batch_job_execution_params
          where parameter_name = 'pipeline.job_id' and parameter_value = ?)""")
        .param(job.jobId().toString())
        .update();
    jdbc.sql(
            """
        update batch_step_execution set status = 'STARTED', exit_code = 'EXECUTING', end_time = null
        where job_execution_id in (select job_execution_id from batch_job_execution_params
          where parameter_name = 'pipeline.job_id' and parameter_value = ?)""")
        .param(job.jobId().toString())
        .update();

    List<Integer> rerun = new CopyOnWriteArrayList<>();
    PipelineBatchRunner.Outcome outcome =
        RUNNER.run(new Numbers(rerun::addAll), job, Map.of(), Duration.ZERO, 1);

    assertThat(outcome.execution().getStatus()).isEqualTo(BatchStatus.COMPLETED);
    assertThat(outcome.resumed()).isTrue();
    assertThat(firstRun).hasSize(50);
    assertThat(rerun).as("resumed after item 50").hasSize(50).startsWith(51).endsWith(100);
    assertThat(
            jdbc.sql(
                    """
                select status from batch_job_execution where job_execution_id in (
                  select job_execution_id from batch_job_execution_params
                  where parameter_name = 'pipeline.job_id' and parameter_value = ?)
                order by job_execution_id""")
                .param(job.jobId().toString())
                .query(String.class)
                .list())
        .containsExactly("FAILED", "COMPLETED");
  }

  private static DataSource migrated() {
    DataSource ds =
        new SimpleDriverDataSource(
            new org.postgresql.Driver(),
            SharedPostgres.newDatabase("batch"),
            SharedPostgres.username(),
            "");
    Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/migration/omnix")
        .outOfOrder(true)
        .load()
        .migrate();
    return ds;
  }

  private static JobRepository repository() {
    try {
      JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
      factory.setDataSource(DB);
      factory.setTransactionManager(TX);
      factory.afterPropertiesSet();
      return factory.getObject();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static TaskExecutorJobOperator operator() {
    try {
      TaskExecutorJobOperator operator = new TaskExecutorJobOperator();
      operator.setJobRepository(REPOSITORY);
      operator.setJobRegistry(new MapJobRegistry());
      operator.setTaskExecutor(new SyncTaskExecutor());
      operator.afterPropertiesSet();
      return operator;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
