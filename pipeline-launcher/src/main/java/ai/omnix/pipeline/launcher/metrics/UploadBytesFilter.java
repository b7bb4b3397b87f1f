package ai.omnix.pipeline.launcher.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 * Counts the bytes clients upload ({@code omnix_upload_bytes_total{endpoint}}): request bodies of
 * {@code POST /v1/assets} ({@code assets}) and of tus uploads under {@code /v1/uploads} ({@code
 * tus}), as the application reads them (a refused or aborted upload counts what was read).
 */
final class UploadBytesFilter extends OncePerRequestFilter {
  private final Counter assets;
  private final Counter tus;

  UploadBytesFilter(MeterRegistry registry) {
    this.assets = counter(registry, "assets");
    this.tus = counter(registry, "tus");
  }

  private static Counter counter(MeterRegistry registry, String endpoint) {
    return Counter.builder("omnix.upload.bytes")
        .description("Bytes uploaded by clients")
        .baseUnit("bytes")
        .tag("endpoint", endpoint)
        .register(registry);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    Counter counter = null;
    if ("POST".equals(request.getMethod()) && path.equals("/v1/assets")) {
      counter = assets;
    } else if (("PATCH".equals(request.getMethod()) || "POST".equals(request.getMethod()))
        && path.startsWith("/v1/uploads")) {
      counter = tus;
    }
    chain.doFilter(counter == null ? request : new Counting(request, counter), response);
  }

  private static final class Counting extends HttpServletRequestWrapper {
    private final Counter counter;
    private ServletInputStream stream;

    Counting(HttpServletRequest request, Counter counter) {
      super(request);
      this.counter = counter;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        ServletInputStream in = super.getInputStream();
        stream =
            new ServletInputStream() {
              @Override
              public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                  counter.increment();
                }
                return b;
              }

              @Override
              public int read(byte[] buffer, int off, int len) throws IOException {
                int n = in.read(buffer, off, len);
                if (n > 0) {
                  counter.increment(n);
                }
                return n;
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
            };
      }
      return stream;
    }
  }
}
