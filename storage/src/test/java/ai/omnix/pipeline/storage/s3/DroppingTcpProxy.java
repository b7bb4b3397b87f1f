package ai.omnix.pipeline.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay in front of a local server that can cut one connection in the middle of a request
 * body, the way a load balancer or a peer's idle close does, to show that a client retries.
 */
final class DroppingTcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int upstreamPort;

  /** Client bytes still to pass before the next cut; negative when disarmed. */
  private final AtomicLong untilDrop = new AtomicLong(-1);

  private final AtomicInteger drops = new AtomicInteger();

  DroppingTcpProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon(this::acceptLoop, "dropping-proxy-accept").start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Cuts the connection that carries the byte after the next {@code bytes} client bytes. */
  void dropAfter(long bytes) {
    untilDrop.set(bytes);
  }

  int drops() {
    return drops.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        daemon(() -> pump(client, upstream, true), "dropping-proxy-up").start();
        daemon(() -> pump(upstream, client, false), "dropping-proxy-down").start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to, boolean countsTowardsDrop) {
    byte[] buffer = new byte[16 * 1024];
    try (from;
        to) {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) != -1) {
        if (countsTowardsDrop && untilDrop.get() >= 0) {
          long left = untilDrop.addAndGet(-n);
          if (left < 0 && untilDrop.compareAndSet(left, -1)) {
            drops.incrementAndGet();
            from.setSoLinger(true, 0);
            return;
          }
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // the other direction closed this connection
    }
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
