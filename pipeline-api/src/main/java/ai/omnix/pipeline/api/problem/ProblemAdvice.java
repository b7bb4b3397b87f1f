package ai.omnix.pipeline.api.problem;

import ai.omnix.pipeline.core.job.hook.JobRefusedException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Maps every error the API can raise to problem+json with a stable code: clients never see a bare
 * 500 page.
 */
@RestControllerAdvice
public class ProblemAdvice {
  private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

  @ExceptionHandler(ApiProblem.class)
  ResponseEntity<Map<String, Object>> problem(ApiProblem problem, HttpServletRequest request) {
    return ProblemResponses.entity(problem, request.getRequestURI());
  }

  /** An accept hook (credit reservation, …) refused the job inside the insert's transaction. */
  @ExceptionHandler(JobRefusedException.class)
  ResponseEntity<Map<String, Object>> refused(JobRefusedException e, HttpServletRequest request) {
    ApiProblem problem = new ApiProblem(e.httpStatus(), e.code(), "Not admitted", e.getMessage());
    Map<String, Object> body =
        new LinkedHashMap<>(ProblemResponses.body(problem, request.getRequestURI()));
    e.details().forEach(body::putIfAbsent);
    return ResponseEntity.status(e.httpStatus())
        .contentType(ProblemResponses.PROBLEM_JSON)
        .body(body);
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<Map<String, Object>> unreadable(
      HttpMessageNotReadableException e, HttpServletRequest request) {
    Throwable cause = e.getMostSpecificCause();
    if (cause instanceof BodyTooLargeException tooLarge) {
      return ProblemResponses.entity(tooLarge.problem(), request.getRequestURI());
    }
    return ProblemResponses.entity(
        new ApiProblem(
            400,
            "malformed_json",
            "Malformed JSON",
            "The request body is not a valid JSON object"
                + (request.getContentLength() == 0 ? " (it is empty)." : ".")),
        request.getRequestURI());
  }

  @ExceptionHandler(BodyTooLargeException.class)
  ResponseEntity<Map<String, Object>> tooLarge(
      BodyTooLargeException e, HttpServletRequest request) {
    return ProblemResponses.entity(e.problem(), request.getRequestURI());
  }

  @ExceptionHandler(MaxUploadSizeExceededException.class)
  ResponseEntity<Map<String, Object>> uploadTooLarge(
      MaxUploadSizeExceededException e, HttpServletRequest request) {
    return ProblemResponses.entity(
        new ApiProblem(
            413, "body_too_large", "Request body too large", "The upload exceeds the size limit."),
        request.getRequestURI());
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<Map<String, Object>> mediaType(
      HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
    return ProblemResponses.entity(
        new ApiProblem(
            415,
            "unsupported_media_type",
            "Unsupported media type",
            "Send the request body as application/json."),
        request.getRequestURI());
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<Map<String, Object>> notAcceptable(
      HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
    return ProblemResponses.entity(
        new ApiProblem(
            406,
            "not_acceptable",
            "Not acceptable",
            "This resource is available as application/json (or text/event-stream for event streams)."),
        request.getRequestURI());
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<Map<String, Object>> method(
      HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
    return ProblemResponses.entity(
        new ApiProblem(
            405,
            "method_not_allowed",
            "Method not allowed",
            request.getMethod() + " is not supported here."),
        request.getRequestURI());
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<Map<String, Object>> noResource(
      NoResourceFoundException e, HttpServletRequest request) {
    return ProblemResponses.entity(ApiProblem.notFound("This resource"), request.getRequestURI());
  }

  @ExceptionHandler({
    MethodArgumentTypeMismatchException.class,
    MissingServletRequestParameterException.class,
    MissingRequestHeaderException.class
  })
  ResponseEntity<Map<String, Object>> badParameter(Exception e, HttpServletRequest request) {
    return ProblemResponses.entity(
        ApiProblem.badRequest("invalid_request", e.getMessage()), request.getRequestURI());
  }

  @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class})
  ResponseEntity<Map<String, Object>> storeUnavailable(Exception e, HttpServletRequest request) {
    log.warn("job store unavailable for {} {}", request.getMethod(), request.getRequestURI(), e);
    return ProblemResponses.entity(
        new ApiProblem(
            503,
            "store_unavailable",
            "Service unavailable",
            "The job store is unavailable; retry with the same Idempotency-Key."),
        request.getRequestURI());
  }

  @ExceptionHandler(AsyncRequestNotUsableException.class)
  void clientGone() {
    // the client closed an event stream; nothing to answer
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Map<String, Object>> unexpected(Exception e, HttpServletRequest request) {
    log.error("unexpected error for {} {}", request.getMethod(), request.getRequestURI(), e);
    return ProblemResponses.entity(
        new ApiProblem(
            500,
            "internal_error",
            "Internal error",
            "An unexpected error occurred; it has been logged."),
        request.getRequestURI());
  }
}
