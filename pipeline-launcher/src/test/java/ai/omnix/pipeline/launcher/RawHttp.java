package ai.omnix.pipeline.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, so that the request target goes on the wire exactly as written (no
 * client normalises {@code /./}, {@code ..}, {@code //} or percent-encodings).
 */
final class RawHttp {
  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private RawHttp() {}

  static Response send(int port, String method, String target, String authorization) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(60_000);
      StringBuilder request =
          new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n");
      if (authorization != null) {
        request.append("Authorization: ").append(authorization).append("\r\n");
      }
      request.append("Connection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String raw = new String(in.readNBytes(1 << 20), StandardCharsets.ISO_8859_1);
      int headerEnd = raw.indexOf("\r\n\r\n");
      String head = headerEnd < 0 ? raw : raw.substring(0, headerEnd);
      String[] lines = head.split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.put(
              lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
              lines[i].substring(colon + 1).trim());
        }
      }
      return new Response(status, headers, headerEnd < 0 ? "" : raw.substring(headerEnd + 4));
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + target, e);
    }
  }
}
