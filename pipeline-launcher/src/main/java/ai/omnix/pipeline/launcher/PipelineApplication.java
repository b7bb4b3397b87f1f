package ai.omnix.pipeline.launcher;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Runs any set of roles ({@code omnix.roles}: api, worker, scheduler, dashboard, chat; all by
 * default) in one process. The same jar is every deployable: docker-compose starts it once per
 * role.
 */
@SpringBootApplication
public class PipelineApplication {
  public static void main(String[] args) {
    SpringApplication.run(PipelineApplication.class, args);
  }
}
