package ai.omnix.pipeline.api.auth;

import ai.omnix.pipeline.api.problem.BodyTooLargeException;
import ai.omnix.pipeline.api.problem.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds JSON request bodies: a declared length over the limit is refused before reading, and a
 * chunked body is cut off as soon as it passes the limit, so a hostile client cannot make the API
 * buffer more than {@code limit} bytes. Upload endpoints (multipart, raw media) set their own
 * limits and are not covered here.
 */
public class BodyLimitFilter extends OncePerRequestFilter {
  private final long limit;

  public BodyLimitFilter(long limit) {
    this.limit = limit;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String contentType = request.getContentType();
    return contentType != null
        && (contentType.startsWith("multipart/")
            || contentType.startsWith("application/offset")
            || request.getRequestURI().startsWith("/v1/assets"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > limit) {
      ProblemResponses.write(
          response, new BodyTooLargeException(limit).problem(), request.getRequestURI());
      return;
    }
    chain.doFilter(
        new HttpServletRequestWrapper(request) {
          private ServletInputStream stream;

          @Override
          public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
              stream = new Bounded(super.getInputStream(), limit);
            }
            return stream;
          }
        },
        response);
  }

  private static final class Bounded extends ServletInputStream {
    private final ServletInputStream in;
    private final long limit;
    private long read;

    Bounded(ServletInputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws IOException {
      read += n;
      if (read > limit) {
        throw new BodyTooLargeException(limit);
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
