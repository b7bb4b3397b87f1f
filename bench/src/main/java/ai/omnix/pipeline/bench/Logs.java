package ai.omnix.pipeline.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the console readable: warnings and errors only. JobRunr's "JobFilter ... has slow
 * performance" warnings are silenced: they only say the shared machine is busy, which the load
 * averages in the results already show.
 */
final class Logs {
  private Logs() {}

  static void quiet() {
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
      context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
      context.getLogger("org.jobrunr.jobs.filters.JobCreationFilters").setLevel(Level.ERROR);
      context.getLogger("org.jobrunr.jobs.filters.JobPerformingFilters").setLevel(Level.ERROR);
    }
  }
}
