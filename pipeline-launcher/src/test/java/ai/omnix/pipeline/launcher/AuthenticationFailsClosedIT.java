package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Authentication fails closed: every spelling of a protected path that reaches a handler needs a
 * key, over real HTTP with the request target sent byte for byte; only the listed public paths
 * answer without one.
 */
class AuthenticationFailsClosedIT extends PipelineTestSupport {

  /** Spellings the dispatcher maps to a protected handler, or paths nobody listed as public. */
  static Stream<Arguments> protectedTargets() {
    return Stream.of(
        Arguments.of("GET", "/v1/models"),
        Arguments.of("GET", "/v1;x/models"),
        Arguments.of("GET", "/v1;/models"),
        Arguments.of("GET", "/v1/models;x"),
        Arguments.of("GET", "/%761/job-types"),
        Arguments.of("GET", "/%76%31/job-types"),
        Arguments.of("GET", "/v1/%6Dodels"),
        Arguments.of("GET", "/v1%252Fmodels"),
        Arguments.of("GET", "/%2576%31/job-types"),
        Arguments.of("GET", "//v1/models"),
        Arguments.of("GET", "/v1//models"),
        Arguments.of("GET", "/./v1/models"),
        Arguments.of("GET", "/v1/./models"),
        Arguments.of("GET", "/x/../v1/models"),
        Arguments.of("GET", "/files/x/../../v1/models"),
        Arguments.of("GET", "/files/x;/../../v1/models"),
        Arguments.of("GET", "/actuator/health/../../v1/models"),
        Arguments.of("GET", "/v3/api-docs/../../v1/models"),
        Arguments.of("GET", "/v1/models/"),
        Arguments.of("GET", "/V1/models"),
        Arguments.of("GET", "/v1/MODELS"),
        Arguments.of("GET", "/v1"),
        Arguments.of("GET", "/"),
        Arguments.of("GET", "/error"),
        Arguments.of("GET", "/nothing-here"),
        Arguments.of("GET", "/actuator/env"),
        Arguments.of("GET", "/files/a/b"),
        Arguments.of("GET", "/files/"),
        Arguments.of("GET", "/play/"),
        Arguments.of("GET", "/play"),
        Arguments.of("GET", "/play/x/../../v1/models"),
        Arguments.of("GET", "/play/x/hls/../../../v1/models"),
        Arguments.of("GET", "/play/x/%2e%2e/%2e%2e/v1/models"),
        Arguments.of("GET", "/play/x/%2E%2E/%2E%2E/v1/job-types"),
        Arguments.of("GET", "/play/x;/../../v1/models"),
        Arguments.of("GET", "/play//x/hls/master.m3u8"),
        Arguments.of("HEAD", "/v1/jobs"),
        Arguments.of("HEAD", "/v1;x/jobs"),
        Arguments.of("OPTIONS", "/v1/jobs"),
        Arguments.of("OPTIONS", "/%761/jobs"),
        Arguments.of("POST", "/v1;x/tenants"),
        Arguments.of("DELETE", "/v1/me/keys/00000000-0000-0000-0000-000000000000"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("protectedTargets")
  void aProtectedPathWithoutAKeyIsRefusedWithProblemJson(String method, String target) {
    RawHttp.Response r = RawHttp.send(port, method, target, null);
    assertThat(r.status()).as(method + " " + target + ": " + r.body()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
    if (!method.equals("HEAD")) {
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
      assertThat(r.body()).contains("\"code\":\"unauthenticated\"");
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("protectedTargets")
  void aProtectedPathWithAnUnknownKeyIsRefused(String method, String target) {
    RawHttp.Response r =
        RawHttp.send(port, method, target, "Bearer omx_not_a_real_key_0000000000000000");
    assertThat(r.status()).as(method + " " + target + ": " + r.body()).isEqualTo(401);
  }

  /** Container-level refusals: never reach a filter or a handler, answered 400 by Tomcat. */
  static Stream<Arguments> rejectedByTheContainer() {
    return Stream.of(
        Arguments.of("GET", "/v1%2Fmodels"),
        Arguments.of("GET", "/v1%2fjob-types"),
        Arguments.of("GET", "/v1%5Cmodels"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("rejectedByTheContainer")
  void anEncodedSeparatorNeverReachesAHandler(String method, String target) {
    RawHttp.Response r = RawHttp.send(port, method, target, null);
    assertThat(r.status()).as(method + " " + target + ": " + r.body()).isIn(400, 401);
    assertThat(r.body()).doesNotContain("\"object\"");
  }

  /** The known spellings of protected paths do reach their handlers with a key. */
  @Test
  void theSameSpellingsReachTheHandlerWithAKey() {
    for (String target : new String[] {"/v1;x/models", "/%761/job-types", "/v1/%6Dodels"}) {
      RawHttp.Response r = RawHttp.send(port, "GET", target, "Bearer " + ADMIN_KEY);
      assertThat(r.status()).as(target + ": " + r.body()).isEqualTo(200);
    }
  }

  @Test
  void healthAndTheOpenApiDocumentArePublic() {
    assertThat(RawHttp.send(port, "GET", "/actuator/health", null).status()).isEqualTo(200);
    assertThat(RawHttp.send(port, "HEAD", "/actuator/health", null).status()).isEqualTo(200);
    assertThat(RawHttp.send(port, "GET", "/actuator;x/health", null).status()).isEqualTo(200);
    assertThat(RawHttp.send(port, "GET", "/actuator/health/liveness", null).status())
        .isEqualTo(200);
    RawHttp.Response docs = RawHttp.send(port, "GET", "/v3/api-docs", null);
    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.body()).contains("openapi");
  }

  @Test
  void aSignedLinkNeedsNoKeyButAForgedOneFindsNothing() {
    RawHttp.Response r = RawHttp.send(port, "GET", "/files/bm90LWEtdG9rZW4.c2ln", null);
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  void aPlaybackLinkNeedsNoKeyButABadTokenFindsNothing() {
    for (String target :
        new String[] {
          "/play/x/hls/master.m3u8",
          "/play/bm90LWEtdG9rZW4.c2ln/hls/master.m3u8",
          "/play/bm90LWEtdG9rZW4.c2ln/hls/%252e%252e/secret.m3u8"
        }) {
      RawHttp.Response r = RawHttp.send(port, "GET", target, null);
      assertThat(r.status()).as(target + ": " + r.body()).isEqualTo(404);
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
      assertThat(r.body()).contains("\"code\":\"not_found\"");
    }
  }
}
