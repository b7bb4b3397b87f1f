package ai.omnix.pipeline.generation.job;

import java.time.Duration;

/**
 * Time and size bounds of generation jobs.
 *
 * @param imageAttemptTimeout how long one provider may work on an image before the job also tries
 *     the next route
 * @param imageJobTimeout how long an image job may wait on providers in all before it fails
 * @param maxImageBytes a larger generated image fails the attempt
 */
public record GenerationSettings(
    Duration imageAttemptTimeout,
    Duration imageJobTimeout,
    Duration videoAttemptTimeout,
    Duration videoJobTimeout,
    Duration maxPollInterval,
    long maxImageBytes,
    long maxVideoBytes,
    long maxInputImageBytes) {

  public static final GenerationSettings DEFAULT =
      new GenerationSettings(
          Duration.ofMinutes(2),
          Duration.ofMinutes(10),
          Duration.ofMinutes(10),
          Duration.ofMinutes(30),
          Duration.ofSeconds(30),
          50L << 20,
          512L << 20,
          20L << 20);
}
