package ai.omnix.pipeline.document;

import ai.omnix.pipeline.core.tenant.Plan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Bounds that file content can never exceed in a document job: extracted characters, pages and
 * decoded pixels (both per plan) and the wall-clock time of one job. A job applies its tenant's
 * plan with {@link #forPlan(Plan)}.
 *
 * @param maxCharacters text beyond this is cut off and the result marked truncated
 * @param maxPages per plan: documents with more pages fail {@code too_many_pages}. Every plan has a
 *     value: a plan the map leaves out gets its {@link #DEFAULT_MAX_PAGES default}
 * @param maxImagePixels per plan: images (or rendered pages) above this pixel count fail {@code
 *     image_too_large} before their raster is decoded. A plan the map leaves out gets its {@link
 *     #DEFAULT_MAX_IMAGE_PIXELS default}
 * @param timeLimit a job running longer fails {@code document_timeout}
 * @param tessdataDir Tesseract's traineddata directory, or null for the {@code eng}/{@code osd}
 *     bundled in tess4j
 */
public record DocumentLimits(
    int maxCharacters,
    Map<Plan, Integer> maxPages,
    Map<Plan, Long> maxImagePixels,
    Duration timeLimit,
    Path tessdataDir) {

  public static final int DEFAULT_MAX_CHARACTERS = 20_000_000;

  /** The most pages each plan may process, unless configured otherwise. */
  public static final Map<Plan, Integer> DEFAULT_MAX_PAGES =
      Collections.unmodifiableMap(
          new EnumMap<>(
              Map.of(
                  Plan.FREE, 50,
                  Plan.STUDENT, 100,
                  Plan.PRO, 500,
                  Plan.TEAM, 1_000,
                  Plan.ENTERPRISE, 2_000)));

  /**
   * The largest image or rendered page each plan may process, in pixels, unless configured
   * otherwise.
   */
  public static final Map<Plan, Long> DEFAULT_MAX_IMAGE_PIXELS =
      Collections.unmodifiableMap(
          new EnumMap<>(
              Map.of(
                  Plan.FREE, 25_000_000L,
                  Plan.STUDENT, 50_000_000L,
                  Plan.PRO, 100_000_000L,
                  Plan.TEAM, 100_000_000L,
                  Plan.ENTERPRISE, 100_000_000L)));

  public static final Duration DEFAULT_TIME_LIMIT = Duration.ofMinutes(10);

  public DocumentLimits {
    if (maxCharacters <= 0) {
      throw new IllegalArgumentException("maxCharacters must be positive");
    }
    maxPages = perPlan(DEFAULT_MAX_PAGES, maxPages, "max pages");
    maxImagePixels = perPlan(DEFAULT_MAX_IMAGE_PIXELS, maxImagePixels, "max image pixels");
    Objects.requireNonNull(timeLimit, "timeLimit");
    if (timeLimit.isNegative() || timeLimit.isZero()) {
      throw new IllegalArgumentException("timeLimit must be positive");
    }
  }

  /** The same page and pixel limits for every plan (tests, tools). */
  public DocumentLimits(
      int maxCharacters,
      int maxPagesForEveryPlan,
      long maxImagePixelsForEveryPlan,
      Duration timeLimit,
      Path tessdataDir) {
    this(
        maxCharacters,
        everyPlan(maxPagesForEveryPlan),
        everyPlan(maxImagePixelsForEveryPlan),
        timeLimit,
        tessdataDir);
  }

  private static <N extends Number> Map<Plan, N> perPlan(
      Map<Plan, N> defaults, Map<Plan, N> configured, String what) {
    Map<Plan, N> merged = new EnumMap<>(defaults);
    if (configured != null) {
      configured.forEach(
          (plan, limit) ->
              merged.put(
                  Objects.requireNonNull(plan),
                  Objects.requireNonNull(limit, () -> "no " + what + " for " + plan)));
    }
    merged.forEach(
        (plan, limit) -> {
          if (limit.longValue() <= 0) {
            throw new IllegalArgumentException(
                what + " must be positive, got " + limit + " for " + plan.wireName());
          }
        });
    return Collections.unmodifiableMap(merged);
  }

  private static <N> Map<Plan, N> everyPlan(N limit) {
    Objects.requireNonNull(limit);
    Map<Plan, N> m = new EnumMap<>(Plan.class);
    for (Plan plan : Plan.values()) {
      m.put(plan, limit);
    }
    return m;
  }

  public static DocumentLimits defaults() {
    return new DocumentLimits(
        DEFAULT_MAX_CHARACTERS,
        DEFAULT_MAX_PAGES,
        DEFAULT_MAX_IMAGE_PIXELS,
        DEFAULT_TIME_LIMIT,
        null);
  }

  /**
   * The page and pixel limits a job of {@code plan} runs under. An unknown plan (null) gets the
   * smallest limits of all plans: a missing plan must never lift a limit.
   */
  public PlanLimits forPlan(Plan plan) {
    if (plan == null) {
      return new PlanLimits(
          null,
          maxPages.values().stream().mapToInt(Integer::intValue).min().orElseThrow(),
          maxImagePixels.values().stream().mapToLong(Long::longValue).min().orElseThrow());
    }
    return new PlanLimits(plan, maxPages.get(plan), maxImagePixels.get(plan));
  }

  /** The same page limit for every plan. */
  public DocumentLimits withMaxPages(int pages) {
    return new DocumentLimits(
        maxCharacters, everyPlan(pages), maxImagePixels, timeLimit, tessdataDir);
  }

  public DocumentLimits withMaxPages(Plan plan, int pages) {
    Map<Plan, Integer> changed = new EnumMap<>(maxPages);
    changed.put(plan, pages);
    return new DocumentLimits(maxCharacters, changed, maxImagePixels, timeLimit, tessdataDir);
  }

  public DocumentLimits withMaxCharacters(int characters) {
    return new DocumentLimits(characters, maxPages, maxImagePixels, timeLimit, tessdataDir);
  }

  /** The same pixel limit for every plan. */
  public DocumentLimits withMaxImagePixels(long pixels) {
    return new DocumentLimits(maxCharacters, maxPages, everyPlan(pixels), timeLimit, tessdataDir);
  }

  public DocumentLimits withMaxImagePixels(Plan plan, long pixels) {
    Map<Plan, Long> changed = new EnumMap<>(maxImagePixels);
    changed.put(plan, pixels);
    return new DocumentLimits(maxCharacters, maxPages, changed, timeLimit, tessdataDir);
  }

  public DocumentLimits withTimeLimit(Duration limit) {
    return new DocumentLimits(maxCharacters, maxPages, maxImagePixels, limit, tessdataDir);
  }
}
