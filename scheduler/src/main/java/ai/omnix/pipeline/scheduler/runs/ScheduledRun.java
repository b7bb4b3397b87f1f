package ai.omnix.pipeline.scheduler.runs;

/** A job type Quartz submits on a cron schedule, with the params each run gets. */
public record ScheduledRun(String type, String cron, java.util.Map<String, Object> params) {
  public ScheduledRun {
    if (type == null || type.isBlank() || cron == null || cron.isBlank()) {
      throw new IllegalArgumentException("a scheduled run needs a type and a cron expression");
    }
    if (!org.quartz.CronExpression.isValidExpression(cron)) {
      throw new IllegalArgumentException("not a Quartz cron expression: " + cron);
    }
    params = params == null ? java.util.Map.of() : java.util.Map.copyOf(params);
  }
}
