package ai.omnix.pipeline.storage.s3;

import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.storage.BlobMetadata;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.core.storage.DownloadHeaders;
import ai.omnix.pipeline.core.storage.NoSuchBlobException;
import ai.omnix.pipeline.storage.ByteRange;
import ai.omnix.pipeline.storage.ContentTypes;
import ai.omnix.pipeline.storage.DeclaredLengthInputStream;
import ai.omnix.pipeline.storage.KeyPrefix;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.NonRetryableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Blobs as objects of one S3 bucket (or of an S3-compatible server), optionally under a key prefix.
 *
 * <p>Uploads of known length go in one PutObject: below {@value #PART_SIZE_MIB} MiB read whole into
 * memory first, so that a retry can re-send them, larger ones streamed (a retry can re-send only
 * their first {@value #RETRY_BUFFER} bytes; multipart was measured at less than half the throughput
 * against S3Proxy). Uploads of unknown length go through a multipart upload in {@value
 * #PART_SIZE_MIB} MiB parts read into one reusable buffer, aborted on any failure. Copies above 5
 * GiB use a multipart copy. {@code put} reports the local time as the last-modified instant, and
 * {@code list} cannot tell the content type (S3 listings do not carry it): it is null there. {@code
 * delete} asks HEAD first, since S3's DELETE does not say whether something was there.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {
  static final int PART_SIZE_MIB = 8;
  static final int PART_SIZE = PART_SIZE_MIB * 1024 * 1024;
  private static final int MAX_PARTS = 10_000;
  private static final long MAX_SINGLE_COPY = 5L * 1024 * 1024 * 1024;
  private static final long COPY_PART_SIZE = 512L * 1024 * 1024;
  private static final int MAX_KEYS_PER_PAGE = 1000;
  private static final Duration MAX_PRESIGN = Duration.ofDays(7);

  /** How much of a large streamed upload is kept to re-send it on a retry (bounded memory). */
  private static final int RETRY_BUFFER = 128 * 1024;

  private final S3Client s3;
  private final S3Presigner presigner;
  private final AwsCredentialsProvider credentials;
  private final String bucket;
  private final KeyPrefix prefix;
  private final S3BlobStoreConfig.Encryption encryption;
  private final String kmsKeyId;
  private final long multipartCopyThreshold;
  private final long copyPartSize;

  public S3BlobStore(S3BlobStoreConfig config) {
    this(config, MAX_SINGLE_COPY, COPY_PART_SIZE);
  }

  /** For tests: a lower threshold exercises the multipart copy on small objects. */
  S3BlobStore(S3BlobStoreConfig config, long multipartCopyThreshold, long copyPartSize) {
    this.bucket = config.bucket();
    this.prefix = config.keyPrefix();
    this.encryption = config.serverSideEncryption();
    this.kmsKeyId = config.kmsKeyId();
    this.multipartCopyThreshold = multipartCopyThreshold;
    this.copyPartSize = copyPartSize;
    this.credentials =
        config.accessKeyId() != null
            ? StaticCredentialsProvider.create(
                AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey()))
            : DefaultCredentialsProvider.builder().build();
    Region region = Region.of(config.region());
    S3ClientBuilder client =
        S3Client.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60)))
            .credentialsProvider(credentials)
            .region(region)
            .forcePathStyle(config.pathStyle());
    S3Presigner.Builder signer =
        S3Presigner.builder()
            .credentialsProvider(credentials)
            .region(region)
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(config.pathStyle()).build());
    if (config.endpoint() != null) {
      client.endpointOverride(config.endpoint());
      signer.endpointOverride(config.endpoint());
    }
    this.s3 = client.build();
    this.presigner = signer.build();
  }

  @Override
  public String backend() {
    return "s3";
  }

  @Override
  public BlobMetadata put(BlobKey key, InputStream content, long contentLength, String contentType)
      throws IOException {
    String type = ContentTypes.orDefault(contentType);
    DeclaredLengthInputStream in = new DeclaredLengthInputStream(content, contentLength);
    String name = prefix.objectName(key);
    try {
      if (contentLength >= PART_SIZE) {
        PutObjectRequest.Builder request =
            PutObjectRequest.builder()
                .bucket(bucket)
                .key(name)
                .contentType(type)
                .contentLength(contentLength);
        encrypt(request);
        s3.putObject(request.build(), streamBody(in, contentLength, type));
      } else {
        putInParts(name, in, type, partSize(contentLength));
      }
    } catch (SdkException e) {
      throw failure("put", key, e);
    } catch (UncheckedIOException e) {
      throw new IOException(
          "S3 put of " + key + " failed: " + e.getCause().getMessage(), e.getCause());
    }
    return new BlobMetadata(key, in.count(), type, Instant.now());
  }

  /**
   * One more byte than a small known length, so that the whole content fits one buffer and goes in
   * one PutObject that the SDK can re-send whole; {@value #PART_SIZE_MIB} MiB parts for an unknown
   * length.
   */
  static int partSize(long contentLength) {
    return contentLength >= 0 && contentLength < PART_SIZE ? (int) contentLength + 1 : PART_SIZE;
  }

  /**
   * Every byte sent is held in a buffer until S3 acknowledged it, so the SDK can re-send a request
   * whose connection broke mid-body (a stale pooled connection, a load balancer's reset); memory
   * stays at one part per upload.
   */
  private void putInParts(String name, InputStream in, String type, int partSize)
      throws IOException {
    byte[] buffer = new byte[partSize];
    int n = readPart(in, buffer);
    if (n < partSize) {
      PutObjectRequest.Builder request =
          PutObjectRequest.builder()
              .bucket(bucket)
              .key(name)
              .contentType(type)
              .contentLength((long) n);
      encrypt(request);
      s3.putObject(request.build(), partBody(buffer, n, type));
      return;
    }
    CreateMultipartUploadRequest.Builder create =
        CreateMultipartUploadRequest.builder().bucket(bucket).key(name).contentType(type);
    encrypt(create);
    String uploadId = s3.createMultipartUpload(create.build()).uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      int partNumber = 1;
      while (true) {
        int number = partNumber;
        long length = n;
        String etag =
            s3.uploadPart(
                    b ->
                        b.bucket(bucket)
                            .key(name)
                            .uploadId(uploadId)
                            .partNumber(number)
                            .contentLength(length),
                    partBody(buffer, n, type))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        if (n < partSize) {
          break;
        }
        n = readPart(in, buffer);
        if (n == 0) {
          break;
        }
        if (++partNumber > MAX_PARTS) {
          throw new IOException(
              "content exceeds "
                  + MAX_PARTS
                  + " parts of "
                  + PART_SIZE_MIB
                  + " MiB; give its length to upload it in one request");
        }
      }
      s3.completeMultipartUpload(
          b ->
              b.bucket(bucket)
                  .key(name)
                  .uploadId(uploadId)
                  .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
    } catch (IOException | RuntimeException | Error e) {
      abort(name, uploadId, e);
      throw e;
    }
  }

  /**
   * A streamed body that the SDK can re-send for a retry while at most {@link #RETRY_BUFFER} bytes
   * were read (the usual transient errors hit small uploads or the start of a large one); past that
   * a retry fails at once instead of re-sending a stream that cannot rewind.
   */
  private static RequestBody streamBody(InputStream in, long length, String type) {
    BufferedInputStream buffered = new BufferedInputStream(in, RETRY_BUFFER);
    buffered.mark(RETRY_BUFFER);
    InputStream unclosable =
        new FilterInputStream(buffered) {
          @Override
          public void close() {
            // the SDK closes each attempt's stream; the next attempt still needs to rewind it
          }
        };
    AtomicBoolean sent = new AtomicBoolean();
    return RequestBody.fromContentProvider(
        () -> {
          if (sent.getAndSet(true)) {
            try {
              buffered.reset();
            } catch (IOException e) {
              throw NonRetryableException.builder()
                  .message(
                      "the streamed content is past its "
                          + RETRY_BUFFER
                          + "-byte retry buffer and cannot be re-sent")
                  .cause(e)
                  .build();
            }
          }
          return unclosable;
        },
        length,
        type);
  }

  /**
   * The buffer is reused only after the request returned, so the SDK may re-read it for a retry.
   */
  private static RequestBody partBody(byte[] buffer, int length, String type) {
    return RequestBody.fromContentProvider(
        () -> new ByteArrayInputStream(buffer, 0, length), length, type);
  }

  /** Fills {@code buffer} unless the content ends first; returns how many bytes it holds. */
  private static int readPart(InputStream in, byte[] buffer) throws IOException {
    int total = 0;
    while (total < buffer.length) {
      int n = in.read(buffer, total, buffer.length - total);
      if (n == -1) {
        break;
      }
      total += n;
    }
    return total;
  }

  private void abort(String name, String uploadId, Throwable cause) {
    try {
      s3.abortMultipartUpload(b -> b.bucket(bucket).key(name).uploadId(uploadId));
    } catch (RuntimeException e) {
      // the bucket's lifecycle rule for incomplete uploads is the safety net for this one
      cause.addSuppressed(e);
    }
  }

  @Override
  public Optional<BlobMetadata> head(BlobKey key) throws IOException {
    return headObject(key)
        .map(r -> new BlobMetadata(key, r.contentLength(), r.contentType(), r.lastModified()));
  }

  private Optional<HeadObjectResponse> headObject(BlobKey key) throws IOException {
    try {
      return Optional.of(s3.headObject(b -> b.bucket(bucket).key(prefix.objectName(key))));
    } catch (SdkException e) {
      if (isNotFound(e)) {
        return Optional.empty();
      }
      throw failure("head", key, e);
    }
  }

  @Override
  public InputStream open(BlobKey key) throws IOException {
    return open(key, 0, -1);
  }

  @Override
  public InputStream open(BlobKey key, long offset, long length) throws IOException {
    ByteRange range = new ByteRange(offset, length);
    if (range.isEmpty()) {
      if (headObject(key).isEmpty()) {
        throw new NoSuchBlobException(key);
      }
      return InputStream.nullInputStream();
    }
    GetObjectRequest.Builder request =
        GetObjectRequest.builder().bucket(bucket).key(prefix.objectName(key));
    if (!range.isWhole()) {
      request.range(range.httpRange());
    }
    try {
      return s3.getObject(request.build());
    } catch (S3Exception e) {
      if (e.statusCode() == 416) {
        // the object exists (else 404) and the range starts at or after its end
        return InputStream.nullInputStream();
      }
      throw failure("open", key, e);
    } catch (SdkException e) {
      throw failure("open", key, e);
    }
  }

  @Override
  public List<BlobMetadata> list(BlobKey prefixKey, int max) throws IOException {
    if (max < 0) {
      throw new IllegalArgumentException("max must be >= 0");
    }
    List<BlobMetadata> out = new ArrayList<>(Math.min(max, MAX_KEYS_PER_PAGE));
    String listPrefix = prefix.listPrefix(prefixKey);
    String token = null;
    try {
      while (out.size() < max) {
        ListObjectsV2Request.Builder request =
            ListObjectsV2Request.builder()
                .bucket(bucket)
                .prefix(listPrefix)
                .maxKeys(Math.min(MAX_KEYS_PER_PAGE, max - out.size()));
        if (token != null) {
          request.continuationToken(token);
        }
        ListObjectsV2Response page = s3.listObjectsV2(request.build());
        for (S3Object object : page.contents()) {
          Optional<BlobKey> key = prefix.keyOf(object.key());
          if (key.isPresent() && key.get().isUnder(prefixKey) && out.size() < max) {
            out.add(new BlobMetadata(key.get(), object.size(), null, object.lastModified()));
          }
        }
        if (!Boolean.TRUE.equals(page.isTruncated()) || page.nextContinuationToken() == null) {
          break;
        }
        token = page.nextContinuationToken();
      }
    } catch (SdkException e) {
      throw failure("list", prefixKey, e);
    }
    return out;
  }

  @Override
  public boolean delete(BlobKey key) throws IOException {
    if (headObject(key).isEmpty()) {
      return false;
    }
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(prefix.objectName(key)));
      return true;
    } catch (SdkException e) {
      throw failure("delete", key, e);
    }
  }

  @Override
  public void copy(BlobKey source, BlobKey target) throws IOException {
    HeadObjectResponse head = headObject(source).orElseThrow(() -> new NoSuchBlobException(source));
    if (source.equals(target)) {
      return;
    }
    String from = prefix.objectName(source);
    String to = prefix.objectName(target);
    try {
      if (head.contentLength() > multipartCopyThreshold) {
        copyInParts(from, to, head);
      } else {
        CopyObjectRequest.Builder request =
            CopyObjectRequest.builder()
                .sourceBucket(bucket)
                .sourceKey(from)
                .destinationBucket(bucket)
                .destinationKey(to)
                .copySourceIfMatch(head.eTag());
        encrypt(request);
        s3.copyObject(request.build());
      }
    } catch (SdkException e) {
      if (isNotFound(e)) {
        throw new NoSuchBlobException(source);
      }
      throw failure("copy", source, e);
    }
  }

  private void copyInParts(String from, String to, HeadObjectResponse head) throws IOException {
    long size = head.contentLength();
    long partSize = Math.max(copyPartSize, (size + MAX_PARTS - 1) / MAX_PARTS);
    CreateMultipartUploadRequest.Builder create =
        CreateMultipartUploadRequest.builder()
            .bucket(bucket)
            .key(to)
            .contentType(head.contentType());
    encrypt(create);
    String uploadId = s3.createMultipartUpload(create.build()).uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      int number = 1;
      for (long start = 0; start < size; start += partSize, number++) {
        long end = Math.min(size, start + partSize) - 1;
        int partNumber = number;
        String range = "bytes=" + start + "-" + end;
        // If-Match pins every part to the version measured above, so a concurrent overwrite cannot
        // mix versions.
        String etag =
            s3.uploadPartCopy(
                    b ->
                        b.sourceBucket(bucket)
                            .sourceKey(from)
                            .destinationBucket(bucket)
                            .destinationKey(to)
                            .uploadId(uploadId)
                            .partNumber(partNumber)
                            .copySourceRange(range)
                            .copySourceIfMatch(head.eTag()))
                .copyPartResult()
                .eTag();
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
      }
      s3.completeMultipartUpload(
          b ->
              b.bucket(bucket)
                  .key(to)
                  .uploadId(uploadId)
                  .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
    } catch (RuntimeException | Error e) {
      abort(to, uploadId, e);
      throw e;
    }
  }

  @Override
  public Optional<URI> presignedGet(BlobKey key, Duration expiresIn, DownloadHeaders headers)
      throws IOException {
    if (expiresIn.isNegative() || expiresIn.isZero() || expiresIn.compareTo(MAX_PRESIGN) > 0) {
      throw new IllegalArgumentException("expiry must be positive and at most 7 days");
    }
    try {
      return Optional.of(
          presigner
              .presignGetObject(
                  p ->
                      p.signatureDuration(expiresIn)
                          .getObjectRequest(
                              g ->
                                  g.bucket(bucket)
                                      .key(prefix.objectName(key))
                                      .responseContentDisposition(headers.contentDisposition())
                                      .responseContentType(headers.contentType())))
              .url()
              .toURI());
    } catch (SdkException e) {
      throw failure("presign", key, e);
    } catch (URISyntaxException e) {
      throw new IOException("presigned URL is not a valid URI", e);
    }
  }

  @Override
  public void close() {
    try {
      s3.close();
    } finally {
      try {
        presigner.close();
      } finally {
        if (credentials instanceof AutoCloseable closeable) {
          try {
            closeable.close();
          } catch (Exception ignored) {
            // nothing to release that outlives the process
          }
        }
      }
    }
  }

  private void encrypt(PutObjectRequest.Builder request) {
    if (encryption != S3BlobStoreConfig.Encryption.NONE) {
      request
          .serverSideEncryption(ServerSideEncryption.fromValue(encryption.value()))
          .ssekmsKeyId(kmsKeyId);
    }
  }

  private void encrypt(CreateMultipartUploadRequest.Builder request) {
    if (encryption != S3BlobStoreConfig.Encryption.NONE) {
      request
          .serverSideEncryption(ServerSideEncryption.fromValue(encryption.value()))
          .ssekmsKeyId(kmsKeyId);
    }
  }

  private void encrypt(CopyObjectRequest.Builder request) {
    if (encryption != S3BlobStoreConfig.Encryption.NONE) {
      request
          .serverSideEncryption(ServerSideEncryption.fromValue(encryption.value()))
          .ssekmsKeyId(kmsKeyId);
    }
  }

  private static boolean isNotFound(SdkException e) {
    return e instanceof NoSuchKeyException
        || (e instanceof S3Exception s3e
            && s3e.statusCode() == 404
            && !"NoSuchBucket"
                .equals(s3e.awsErrorDetails() == null ? null : s3e.awsErrorDetails().errorCode()));
  }

  private static IOException failure(String operation, BlobKey key, SdkException e) {
    if (isNotFound(e) && !operation.equals("put") && !operation.equals("list")) {
      return new NoSuchBlobException(key);
    }
    String message = "S3 " + operation + " of " + key + " failed: " + e.getMessage();
    // after retries, the first attempt's error is usually the cause worth reading
    if (e.getSuppressed().length > 0) {
      message += "; first attempt: " + e.getSuppressed()[0].getMessage();
    }
    return new IOException(message, e);
  }
}
