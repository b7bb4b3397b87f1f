package ai.omnix.pipeline.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Thousands of hostile names: none that BlobKey accepts can leave the tenant's prefix on a file
 * system.
 */
class BlobKeyPropertiesTest {
  private static final Path ROOT = Path.of("/srv/blobs").toAbsolutePath();
  private static final String[] NASTY = {
    "..", ".", "/", "\\", "%2e%2e", "%2f", "%5c", "\u0000", "\u2025", "\uFF0E", "\uFF0F", "\u202E",
    "~", "//", "C:", "\n", " ", "..;", "%00", "\u00A0", "a", "b1", "_", "-", ".git"
  };

  @Provide
  Arbitrary<String> hostileNames() {
    Arbitrary<String> pieces = Arbitraries.of(NASTY);
    Arbitrary<String> any =
        Arbitraries.oneOf(
            Arbitraries.just(""),
            Arbitraries.strings().withChars("abc019._-/").ofMaxLength(8),
            Arbitraries.strings().withCharRange('\u0000', '\u2FFF').ofMaxLength(20));
    return Combinators.combine(pieces.list().ofMaxSize(8), any)
        .as((list, tail) -> String.join("", list) + tail);
  }

  @Property(tries = 5000)
  void anAcceptedNameStaysUnderItsTenantsPrefix(@ForAll("hostileNames") String name) {
    BlobKey prefix = BlobKey.of("tenants", "t1", "assets");
    String candidate = prefix.value() + "/" + name;
    Statistics.label("accepted").collect(BlobKey.isValid(candidate));
    Statistics.label("accepted").coverage(c -> c.check(true).percentage(p -> p > 1.0));
    if (!BlobKey.isValid(candidate)) {
      return;
    }
    BlobKey key = new BlobKey(candidate);
    Path resolved = ROOT.resolve(key.value()).normalize();
    assertThat(resolved.startsWith(ROOT.resolve(prefix.value()))).as(name).isTrue();
    assertThat(key.isUnder(prefix)).isTrue();
    assertThat(key.value().split("/")).doesNotContain("..", ".", "");
    assertThat(key.value()).doesNotContain("\\", "\u0000", "%");
  }

  @Property(tries = 2000)
  void nothingOutsideTheAlphabetIsEverAccepted(@ForAll("hostileNames") String name) {
    if (BlobKey.isValid(name)) {
      assertThat(name).matches("[A-Za-z0-9._/-]+");
      assertThat(name).doesNotStartWith("/").doesNotEndWith("/");
      assertThat(("/" + name + "/")).doesNotContain("/../", "/./");
    }
  }
}
