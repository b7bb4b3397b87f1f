package ai.omnix.pipeline.core.audit;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hash chain of the audit log: what exactly is hashed, and how a chain is checked.
 *
 * <p><b>Canonical form, version 1.</b> The bytes {@code omnix-audit-v1\n}, then fifteen fields in
 * this order, each written as its UTF-8 byte length in decimal, a colon, the bytes and a newline,
 * or as {@code -\n} when absent: seq (decimal), prev_hash (lower-case hex), occurred_at
 * (microseconds since the epoch, decimal), type, tenant_id, actor_type, actor_id, resource_type,
 * resource_id, action, ip, user_agent, success ({@code true}/{@code false}), metadata (canonical
 * JSON: object keys sorted, no insignificant white space, exactly the text stored). The length
 * prefixes make the form unambiguous whatever the fields contain. A record's hash is the lower-case
 * hex SHA-256 of these bytes, so it covers the previous record's hash, its own position and every
 * field; the first record's prev_hash is {@link #GENESIS}.
 *
 * <p>Editing a record breaks its own hash; editing and re-hashing it breaks the next record's link;
 * removing records leaves a gap in seq. Only rewriting every record from the edited one to the head
 * goes unseen by {@link Verifier}, which is why {@code verify} reports the head's hash: kept
 * elsewhere (a ticket, a log shipped off the host), it pins everything before it.
 */
public final class AuditChain {
  public static final String GENESIS = "0".repeat(64);
  public static final int MAX_METADATA_CHARS = 8_192;
  private static final int MAX_DEPTH = 8;
  private static final byte[] VERSION = "omnix-audit-v1\n".getBytes(StandardCharsets.US_ASCII);

  private AuditChain() {}

  public static byte[] canonical(AuditRecord r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.writeBytes(VERSION);
    field(out, Long.toString(r.seq()));
    field(out, r.prevHash());
    field(out, Long.toString(epochMicros(r.occurredAt())));
    field(out, r.type());
    field(out, r.tenantId());
    field(out, r.actorType());
    field(out, r.actorId());
    field(out, r.resourceType());
    field(out, r.resourceId());
    field(out, r.action());
    field(out, r.ip());
    field(out, r.userAgent());
    field(out, Boolean.toString(r.success()));
    field(out, r.metadata());
    return out.toByteArray();
  }

  public static String hash(AuditRecord r) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical(r)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void field(ByteArrayOutputStream out, String value) {
    if (value == null) {
      out.write('-');
    } else {
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      out.writeBytes(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
      out.write(':');
      out.writeBytes(bytes);
    }
    out.write('\n');
  }

  private static long epochMicros(java.time.Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  /**
   * Canonical JSON of event metadata: keys sorted, no white space, strings escaped minimally
   * (quote, backslash, control characters as {@code \\u00xx}). Values may be null, strings,
   * booleans, numbers, maps with string keys and collections, nested at most 8 deep; anything else
   * is written as its {@code toString()} string.
   *
   * @throws IllegalArgumentException when the result exceeds {@link #MAX_METADATA_CHARS} or a
   *     number is not finite
   */
  public static String metadataJson(Map<String, Object> metadata) {
    StringBuilder out = new StringBuilder();
    write(out, metadata == null ? Map.of() : metadata, 0);
    if (out.length() > MAX_METADATA_CHARS) {
      throw new IllegalArgumentException(
          "audit metadata is " + out.length() + " characters; at most " + MAX_METADATA_CHARS);
    }
    return out.toString();
  }

  private static void write(StringBuilder out, Object value, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("audit metadata nests deeper than " + MAX_DEPTH);
    }
    if (value == null) {
      out.append("null");
    } else if (value instanceof Boolean b) {
      out.append(b);
    } else if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger) {
      out.append(value);
    } else if (value instanceof BigDecimal d) {
      out.append(d.toString());
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("audit metadata holds a non-finite number");
      }
      out.append(d);
    } else if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
      out.append('{');
      boolean first = true;
      for (var entry : sorted.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, entry.getKey());
        out.append(':');
        write(out, entry.getValue(), depth + 1);
      }
      out.append('}');
    } else if (value instanceof Collection<?> list) {
      out.append('[');
      boolean first = true;
      for (Object item : list) {
        if (!first) {
          out.append(',');
        }
        first = false;
        write(out, item, depth + 1);
      }
      out.append(']');
    } else {
      string(out, value.toString());
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  /**
   * Walks a chain in seq order and stops at its first broken link. Feed it records with {@link
   * #accept} until it returns false or the records end, then read {@link #result()}.
   */
  public static final class Verifier {
    private long expectedSeq = 1;
    private String expectedPrev = GENESIS;
    private long checked;
    private Long headSeq;
    private String headHash;
    private ChainVerification broken;

    /** Checks the next record; false once the chain is broken (at this record or before). */
    public boolean accept(AuditRecord r) {
      if (broken != null) {
        return false;
      }
      if (r.seq() != expectedSeq) {
        broken =
            fail(
                r.seq(),
                "missing_records",
                r.seq() > expectedSeq
                    ? "records "
                        + expectedSeq
                        + (r.seq() - 1 > expectedSeq ? " to " + (r.seq() - 1) : "")
                        + " are missing before record "
                        + r.seq()
                    : "record " + r.seq() + " appears out of order");
        return false;
      }
      if (!r.prevHash().equals(expectedPrev)) {
        broken =
            fail(
                r.seq(),
                "prev_hash_mismatch",
                "record "
                    + r.seq()
                    + " does not link to record "
                    + (r.seq() - 1)
                    + ": that record, or this link, was changed after this record was appended");
        return false;
      }
      if (!hash(r).equals(r.hash())) {
        broken =
            fail(
                r.seq(),
                "hash_mismatch",
                "record "
                    + r.seq()
                    + " was changed after it was appended: its hash does not match");
        return false;
      }
      checked++;
      expectedSeq++;
      expectedPrev = r.hash();
      headSeq = r.seq();
      headHash = r.hash();
      return true;
    }

    private ChainVerification fail(long seq, String problem, String detail) {
      return new ChainVerification(false, checked, headSeq, headHash, seq, problem, detail);
    }

    public ChainVerification result() {
      return broken != null
          ? broken
          : new ChainVerification(true, checked, headSeq, headHash, null, null, null);
    }
  }
}
