package ai.omnix.pipeline.providers.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A socket that speaks just enough HTTP/1.1 to misbehave on purpose: answers that stall, trickle or
 * stream events at the test's pace, which WireMock cannot do (it holds headers back with a slow
 * body). Serves one connection at a time on its own thread; counts the connections it accepted and
 * notes when the client closed one.
 */
final class RawHttpServer implements AutoCloseable {
  /** Writes the answer to one request. */
  interface Handler {
    void answer(OutputStream out) throws Exception;
  }

  private final ServerSocket socket;
  private final Thread thread;
  final AtomicInteger accepted = new AtomicInteger();
  final CountDownLatch clientClosed = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);

  RawHttpServer(String bindAddress, Handler handler) throws IOException {
    socket = new ServerSocket(0, 10, InetAddress.getByName(bindAddress));
    thread =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                  accepted.incrementAndGet();
                  BufferedReader request =
                      new BufferedReader(
                          new InputStreamReader(
                              client.getInputStream(), StandardCharsets.ISO_8859_1));
                  for (String line = request.readLine();
                      line != null && !line.isEmpty();
                      line = request.readLine()) {
                    // the request itself is not needed
                  }
                  handler.answer(client.getOutputStream());
                  // wait for the client to close (read sees the end) or the test to release us
                  client.setSoTimeout(50);
                  while (release.getCount() > 0) {
                    try {
                      if (client.getInputStream().read() < 0) {
                        clientClosed.countDown();
                        break;
                      }
                    } catch (java.net.SocketTimeoutException stillOpen) {
                      // keep waiting
                    } catch (SocketException reset) {
                      clientClosed.countDown();
                      break;
                    }
                  }
                } catch (Exception e) {
                  // closed by the test, or the client went away
                }
              }
            },
            "raw-http-server");
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  String url(String host) {
    return "http://" + host + ":" + port();
  }

  static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() throws Exception {
    release.countDown();
    socket.close();
    thread.join(TimeUnit.SECONDS.toMillis(5));
  }
}
