package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class RolesEnvironmentPostProcessorTest {

  private static StandardEnvironment rolesOf(String roles) {
    StandardEnvironment env = new StandardEnvironment();
    if (roles != null) {
      env.getPropertySources()
          .addFirst(new MapPropertySource("test", Map.of("omnix.roles", roles)));
    }
    new RolesEnvironmentPostProcessor().postProcessEnvironment(env, new SpringApplication());
    return env;
  }

  @Test
  void theChatRoleRunsTheChatCompanionAlone() {
    StandardEnvironment env = rolesOf("chat");
    assertThat(env.getProperty("omnix.chat.enabled")).isEqualTo("true");
    assertThat(env.getProperty("omnix.api.enabled")).isEqualTo("false");
    assertThat(env.getProperty("omnix.worker.enabled")).isEqualTo("false");
    assertThat(env.getProperty("jobrunr.background-job-server.enabled")).isEqualTo("false");
  }

  @Test
  void theAllInOneDefaultIncludesChat() {
    StandardEnvironment env = rolesOf(null);
    assertThat(env.getProperty("omnix.chat.enabled")).isEqualTo("true");
    assertThat(env.getProperty("omnix.api.enabled")).isEqualTo("true");
  }

  @Test
  void otherRolesLeaveChatOff() {
    assertThat(rolesOf("api,worker").getProperty("omnix.chat.enabled")).isEqualTo("false");
  }
}
