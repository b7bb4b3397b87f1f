package ai.omnix.pipeline.api.problem;

import java.io.IOException;

/** Raised while reading a request body that grows past its limit, before it is buffered further. */
public class BodyTooLargeException extends IOException {
  private final long limit;

  public BodyTooLargeException(long limit) {
    super("request body exceeds " + limit + " bytes");
    this.limit = limit;
  }

  public ApiProblem problem() {
    return new ApiProblem(
        413,
        "body_too_large",
        "Request body too large",
        "The request body exceeds the limit of " + limit + " bytes.");
  }
}
