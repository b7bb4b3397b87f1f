package ai.omnix.pipeline.chat.api;

import ai.omnix.pipeline.chat.stream.OpenAiErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * On {@code /v1/chat/*}, rewrites every problem+json answer into OpenAI's error object ({@code
 * {"error":{"message","type","param","code"}}}, same status), whoever wrote it: the API-key filter,
 * the body limit, Spring's own errors or our handlers. Only error bodies are held back (they are
 * small); anything else, a stream above all, passes straight through. Registered before the
 * authentication filter so that its refusals are rewritten too, without touching its logic.
 */
public class OpenAiErrorFilter extends OncePerRequestFilter {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !path.startsWith("/v1/chat/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Capturing capturing = new Capturing(response);
    chain.doFilter(request, capturing);
    if (capturing.captured != null) {
      capturing.flushCaptured();
      byte[] body = openAiError(response.getStatus(), capturing.captured.toByteArray());
      response.setContentType("application/json");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    }
  }

  static byte[] openAiError(int status, byte[] problemJson) {
    Map<String, Object> problem;
    try {
      problem = JSON.readValue(problemJson, new TypeReference<Map<String, Object>>() {});
    } catch (RuntimeException e) {
      problem = Map.of();
    }
    String code = problem.get("code") instanceof String c ? c : "error";
    String message = problem.get("detail") instanceof String d ? d : "Request failed.";
    String param = null;
    if (problem.get("errors") instanceof List<?> errors
        && !errors.isEmpty()
        && errors.get(0) instanceof Map<?, ?> first) {
      param =
          first.get("param") instanceof String p
              ? p
              : first.get("field") instanceof String f ? f : null;
    }
    return JSON.writeValueAsBytes(
        Map.of("error", OpenAiErrors.error(status, code, message, param)));
  }

  /** Diverts the body once the content type says problem+json. */
  private static final class Capturing extends HttpServletResponseWrapper {
    ByteArrayOutputStream captured;
    private PrintWriter writer;

    Capturing(HttpServletResponse response) {
      super(response);
    }

    private boolean divert(String contentType) {
      if (captured == null
          && contentType != null
          && contentType.toLowerCase().startsWith("application/problem+json")) {
        captured = new ByteArrayOutputStream();
      }
      return captured != null;
    }

    void flushCaptured() {
      if (writer != null) {
        writer.flush();
      }
    }

    @Override
    public void setContentType(String type) {
      if (!divert(type)) {
        super.setContentType(type);
      }
    }

    @Override
    public void setHeader(String name, String value) {
      if (!("Content-Type".equalsIgnoreCase(name) && divert(value))) {
        super.setHeader(name, value);
      }
    }

    @Override
    public void addHeader(String name, String value) {
      if (!("Content-Type".equalsIgnoreCase(name) && divert(value))) {
        super.addHeader(name, value);
      }
    }

    @Override
    public void setContentLength(int len) {
      if (captured == null) {
        super.setContentLength(len);
      }
    }

    @Override
    public void setContentLengthLong(long len) {
      if (captured == null) {
        super.setContentLengthLong(len);
      }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      if (captured == null) {
        return super.getOutputStream();
      }
      return new ServletOutputStream() {
        @Override
        public void write(int b) {
          captured.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          captured.write(b, off, len);
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
          throw new IllegalStateException("not for error bodies");
        }
      };
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      if (captured == null) {
        return super.getWriter();
      }
      if (writer == null) {
        writer = new PrintWriter(new OutputStreamWriter(captured, StandardCharsets.UTF_8));
      }
      return writer;
    }
  }
}
