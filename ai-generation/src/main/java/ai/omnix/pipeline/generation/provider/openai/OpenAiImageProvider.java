package ai.omnix.pipeline.generation.provider.openai;

import ai.omnix.pipeline.generation.provider.Capability;
import ai.omnix.pipeline.generation.provider.GeneratedMedia;
import ai.omnix.pipeline.generation.provider.GenerationProvider;
import ai.omnix.pipeline.generation.provider.ProviderRequest;
import ai.omnix.pipeline.generation.provider.ProviderResponse;
import ai.omnix.pipeline.providers.ProviderException;
import ai.omnix.pipeline.providers.ProviderException.Kind;
import ai.omnix.pipeline.providers.http.HttpFailures;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.MultipartField;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.images.Image;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The OpenAI Images API ({@code POST /images/generations} and {@code POST /images/edits}) through
 * the official SDK. The API answers synchronously with base64 images, so {@link #submit} always
 * returns {@link ProviderResponse.Completed} with inline PNGs, and {@link #poll} and {@link
 * #download} are never needed.
 */
public final class OpenAiImageProvider implements GenerationProvider, AutoCloseable {
  public static final String NAME = "openai";
  public static final URI DEFAULT_BASE_URL = URI.create("https://api.openai.com/v1");

  /** The API's own limit on {@code n}. */
  private static final int MAX_IMAGES = 10;

  /** Far above a 1536x1024 PNG (a few MB); a bigger answer is not an image we asked for. */
  private static final int MAX_IMAGE_BYTES = 32 * 1024 * 1024;

  private static final int MAX_BASE64_CHARS = (MAX_IMAGE_BYTES + 2) / 3 * 4;
  private static final Set<String> CONTENT_POLICY_CODES =
      Set.of("content_policy_violation", "moderation_blocked");

  private final OpenAIClient client;
  private final String apiKey;
  private final Clock clock;

  public OpenAiImageProvider(URI baseUrl, String apiKey, Duration timeout, Clock clock) {
    Objects.requireNonNull(baseUrl);
    this.apiKey = Objects.requireNonNull(apiKey);
    Objects.requireNonNull(timeout);
    this.clock = Objects.requireNonNull(clock);
    this.client =
        OpenAIOkHttpClient.builder()
            .apiKey(apiKey)
            .baseUrl(baseUrl.toString())
            // the router decides on retries and failover; the SDK would otherwise retry 429s and
            // 5xx twice
            .maxRetries(0)
            .timeout(timeout)
            .build();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ProviderResponse submit(ProviderRequest request) throws ProviderException {
    if (request.capability() == Capability.IMAGE) {
      return call(
          request, () -> client.images().withRawResponse().generate(generateParams(request)));
    }
    if (request.capability() == Capability.IMAGE_EDIT) {
      if (request.inputImage() == null) {
        throw new ProviderException(
            Kind.INVALID_REQUEST, 0, NAME + ": an image edit needs an input image");
      }
      return call(request, () -> client.images().withRawResponse().edit(editParams(request)));
    }
    throw new ProviderException(
        Kind.INVALID_REQUEST,
        0,
        NAME + " image provider cannot serve " + request.capability().wireName());
  }

  /** Never needed: {@link #submit} never returns {@link ProviderResponse.Pending}. */
  @Override
  public ProviderResponse poll(ProviderRequest request, String operationId) {
    throw new IllegalStateException(
        NAME + " images are synchronous; there is no operation to poll");
  }

  /** Never needed: images come back inline. */
  @Override
  public InputStream download(GeneratedMedia media) {
    throw new IllegalStateException(
        NAME + " images are returned inline; there is nothing to download");
  }

  @Override
  public void close() {
    client.close();
  }

  private ImageGenerateParams generateParams(ProviderRequest request) {
    String model = request.providerModel();
    ImageGenerateParams.Builder params =
        ImageGenerateParams.builder()
            .model(model)
            .prompt(request.prompt())
            .n(imageCount(request))
            .size(
                OpenAiImageSize.nearest(
                    model, request.width(), request.height(), request.aspectRatio()));
    // gpt-image models always answer base64 and reject response_format; DALL-E answers URLs unless
    // asked
    if (OpenAiImageSize.isDallE(model)) {
      params.responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON);
    }
    return params.build();
  }

  private ImageEditParams editParams(ProviderRequest request) {
    String model = request.providerModel();
    ProviderRequest.InputImage input = request.inputImage();
    // without a filename and a content type the API takes the part for a string, or for
    // application/octet-stream
    MultipartField<ImageEditParams.Image> image =
        MultipartField.<ImageEditParams.Image>builder()
            .value(ImageEditParams.Image.ofInputStream(new ByteArrayInputStream(input.data())))
            .contentType(input.contentType())
            .filename("image." + extension(input.contentType()))
            .build();
    ImageEditParams.Builder params =
        ImageEditParams.builder()
            .model(model)
            .prompt(request.prompt())
            .image(image)
            .n(imageCount(request))
            .size(
                OpenAiImageSize.nearest(
                    model, request.width(), request.height(), request.aspectRatio()));
    if (OpenAiImageSize.isDallE(model)) {
      params.responseFormat(ImageEditParams.ResponseFormat.B64_JSON);
    }
    return params.build();
  }

  private static long imageCount(ProviderRequest request) {
    return OpenAiImageSize.isDallE3(request.providerModel())
        ? 1
        : Math.min(request.count(), MAX_IMAGES);
  }

  private static String extension(String contentType) {
    return switch (contentType) {
      case "image/jpeg" -> "jpg";
      case "image/webp" -> "webp";
      default -> "png";
    };
  }

  private interface Call {
    HttpResponseFor<ImagesResponse> send();
  }

  private ProviderResponse call(ProviderRequest request, Call call) throws ProviderException {
    try (HttpResponseFor<ImagesResponse> response = call.send()) {
      ImagesResponse body = response.parse();
      return new ProviderResponse.Completed(
          images(body, request), response.requestId().orElse(null), null);
    } catch (OpenAIServiceException e) {
      throw failure(e);
    } catch (OpenAIIoException e) {
      throw e.getCause() instanceof IOException io
          ? HttpFailures.forIo(NAME, io)
          : new ProviderException(
              Kind.UNAVAILABLE,
              0,
              null,
              NAME + " call failed: " + e.getClass().getSimpleName(),
              null);
    } catch (OpenAIInvalidDataException e) {
      throw HttpFailures.malformed(NAME, "unreadable body");
    } catch (OpenAIException e) {
      throw new ProviderException(
          Kind.UNAVAILABLE, 0, null, NAME + " call failed: " + e.getClass().getSimpleName(), null);
    }
  }

  private static List<GeneratedMedia> images(ImagesResponse body, ProviderRequest request)
      throws ProviderException {
    List<Image> data = body.data().orElse(List.of());
    if (data.isEmpty()) {
      throw HttpFailures.malformed(NAME, "no data");
    }
    int expected = (int) Math.min(data.size(), imageCount(request));
    List<GeneratedMedia> media = new ArrayList<>(expected);
    for (Image image : data.subList(0, expected)) {
      String b64 = image.b64Json().orElseThrow(() -> HttpFailures.malformed(NAME, "no b64_json"));
      if (b64.length() > MAX_BASE64_CHARS) {
        throw HttpFailures.malformed(NAME, "image over " + MAX_IMAGE_BYTES + " bytes");
      }
      try {
        media.add(GeneratedMedia.inline("image/png", Base64.getDecoder().decode(b64)));
      } catch (IllegalArgumentException notBase64) {
        throw HttpFailures.malformed(NAME, "b64_json is not base64");
      }
    }
    return media;
  }

  private ProviderException failure(OpenAIServiceException e) {
    boolean contentPolicy = e.code().filter(CONTENT_POLICY_CODES::contains).isPresent();
    String retryAfter = e.headers().values("Retry-After").stream().findFirst().orElse(null);
    return HttpFailures.forStatus(
        NAME, e.statusCode(), contentPolicy, retryAfter, excerpt(e), clock);
  }

  /**
   * The provider's error message, as the SDK quotes it after a {@code "<status>: "} prefix. OpenAI
   * masks keys in it; we mask ours again in case an endpoint in between echoes it whole.
   */
  private String excerpt(OpenAIServiceException e) {
    String message = Optional.ofNullable(e.getMessage()).orElse("");
    String prefix = e.statusCode() + ": ";
    if (message.startsWith(prefix)) {
      message = message.substring(prefix.length());
    }
    return HttpFailures.excerpt(message.replace(apiKey, "[key]"));
  }
}
