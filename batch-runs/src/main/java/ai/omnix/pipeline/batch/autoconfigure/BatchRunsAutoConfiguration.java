package ai.omnix.pipeline.batch.autoconfigure;

import ai.omnix.pipeline.batch.PipelineBatchRunner;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The batch frame over Spring Boot's Spring Batch (JDBC repository in the pipeline's PostgreSQL,
 * schema owned by Flyway as V51).
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration",
      "org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration"
    })
public class BatchRunsAutoConfiguration {

  @Bean
  PipelineBatchRunner pipelineBatchRunner(
      JobOperator jobOperator,
      JobRepository batchJobRepository,
      PlatformTransactionManager transactionManager) {
    return new PipelineBatchRunner(jobOperator, batchJobRepository, transactionManager);
  }
}
