package ai.omnix.pipeline.chat.stream;

import ai.omnix.pipeline.core.chat.ChatProviderException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OpenAI's error object ({@code {"error":{"message","type","param","code"}}}), which OpenAI's SDKs
 * read on {@code /v1/chat/completions}. {@code code} is one of our stable codes (README); {@code
 * type} follows OpenAI by status.
 */
public final class OpenAiErrors {
  private OpenAiErrors() {}

  public static Map<String, Object> error(int status, String code, String message, String param) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", message);
    error.put("type", type(status));
    error.put("param", param);
    error.put("code", code);
    return error;
  }

  static String type(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 429 -> "rate_limit_error";
      case 400, 405, 406, 409, 413, 415, 422 -> "invalid_request_error";
      default -> status >= 500 ? "server_error" : "invalid_request_error";
    };
  }

  /** A provider's failure as the client sees it; the provider's own words stay in our log. */
  static Map<String, Object> providerError(ChatProviderException e) {
    int status = providerStatus(e);
    String message =
        switch (e.kind()) {
          case RATE_LIMITED -> "The model's provider is rate limiting us; try again shortly.";
          case TIMEOUT -> "The model's provider did not answer in time.";
          case INVALID_REQUEST -> "The model's provider refused the request as invalid.";
          case REFUSED -> "The model's provider refused the content.";
          case UNAUTHORIZED -> "The model's provider refused our credentials.";
          default -> "The model's provider failed; try again.";
        };
    return error(status, "provider_" + e.kind().name().toLowerCase(), message, null);
  }

  static int providerStatus(ChatProviderException e) {
    return switch (e.kind()) {
      case RATE_LIMITED -> 429;
      case TIMEOUT -> 504;
      case INVALID_REQUEST, REFUSED -> 400;
      default -> 502;
    };
  }
}
