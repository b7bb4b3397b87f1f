package ai.omnix.pipeline.dashboard.console.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleOwnsSpringSecurityTest {

  @Test
  void everyBootSecurityAutoConfigurationIsFilteredOutAndNothingElse() throws IOException {
    List<String> bootSecurity;
    var urls =
        getClass()
            .getClassLoader()
            .getResources(
                "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
    List<String> candidates = new java.util.ArrayList<>();
    while (urls.hasMoreElements()) {
      try (InputStream in = urls.nextElement().openStream()) {
        Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R"))
            .map(String::strip)
            .filter(s -> !s.isEmpty() && !s.startsWith("#"))
            .forEach(candidates::add);
      }
    }
    bootSecurity =
        candidates.stream()
            .filter(c -> c.startsWith(ConsoleOwnsSpringSecurity.BOOT_SECURITY))
            .toList();
    assertThat(bootSecurity)
        .contains(
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration");

    String[] all = candidates.toArray(String[]::new);
    boolean[] keep = new ConsoleOwnsSpringSecurity().match(all, null);
    for (int i = 0; i < all.length; i++) {
      assertThat(keep[i]).as(all[i]).isEqualTo(!bootSecurity.contains(all[i]));
    }
    assertThat(candidates)
        .contains("ai.omnix.pipeline.dashboard.console.autoconfigure.ConsoleAutoConfiguration");
  }

  @Test
  void theBrowserLibrariesTheTemplatesLoadAreOnTheClassPath() {
    for (String asset :
        List.of(
            "META-INF/resources/webjars/htmx.org/2.0.4/dist/htmx.min.js",
            "META-INF/resources/webjars/hls.js/1.4.12/dist/hls.min.js",
            "console/assets/console.css",
            "console/assets/console.js")) {
      assertThat(getClass().getClassLoader().getResource(asset)).as(asset).isNotNull();
    }
  }
}
