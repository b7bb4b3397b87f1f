package ai.omnix.pipeline.workers.dispatch;

/**
 * How many worker slots (threads able to run a job) the live workers of the cluster offer together.
 */
@FunctionalInterface
public interface WorkerCapacity {
  int totalSlots();
}
