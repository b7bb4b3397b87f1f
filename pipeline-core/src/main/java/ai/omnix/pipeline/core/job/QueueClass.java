package ai.omnix.pipeline.core.job;

import java.util.Locale;

/**
 * How a job type uses a worker. The dispatcher caps heavy and io-bound jobs so that light jobs
 * always find a free worker slot, however many heavy jobs are queued.
 */
public enum QueueClass {
  LIGHT,
  IO_BOUND,
  HEAVY;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static QueueClass fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
