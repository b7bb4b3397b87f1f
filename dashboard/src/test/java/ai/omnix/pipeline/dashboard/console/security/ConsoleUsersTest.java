package ai.omnix.pipeline.dashboard.console.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.dashboard.console.ConsoleProperties;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class ConsoleUsersTest {
  private static final String HASH = new BCryptPasswordEncoder(4).encode("secret");

  private static ConsoleProperties.User aUser(String name, String password, String... roles) {
    return new ConsoleProperties.User(name, password, List.of(roles));
  }

  @Test
  void aUserWithAnEmptyPasswordRefusesToStartNamingTheProperty() {
    for (String empty : new String[] {null, "", "   ", "{bcrypt}"}) {
      assertThatThrownBy(
              () ->
                  ConsoleUsers.from(
                      List.of(aUser("ops", HASH, "operator"), aUser("fin", empty, "finance"))))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("omnix.console.users[1].password is empty")
          .hasMessageContaining("never open without credentials");
    }
  }

  @Test
  void aPlainPasswordIsRefusedOnlyBcryptHashesAreStored() {
    assertThatThrownBy(() -> ConsoleUsers.from(List.of(aUser("ops", "secret", "operator"))))
        .hasMessageContaining("omnix.console.users[0].password is not a bcrypt hash");
  }

  @Test
  void rolesMustBeKnownAndPresent() {
    assertThatThrownBy(() -> ConsoleUsers.from(List.of(aUser("ops", HASH))))
        .hasMessageContaining("omnix.console.users[0].roles is empty");
    assertThatThrownBy(() -> ConsoleUsers.from(List.of(aUser("ops", HASH, "root"))))
        .hasMessageContaining("unknown role 'root'");
  }

  @Test
  void theApiKeyUserNameIsReservedAndNamesAreUnique() {
    assertThatThrownBy(() -> ConsoleUsers.from(List.of(aUser("API-KEY", HASH, "admin"))))
        .hasMessageContaining("reserved for signing in with an admin API key");
    assertThatThrownBy(
            () ->
                ConsoleUsers.from(
                    List.of(aUser("ops", HASH, "operator"), aUser("ops", HASH, "finance"))))
        .hasMessageContaining("configured twice");
  }

  @Test
  void aValidUserGetsItsRolesAndAPasswordThatMatches() {
    List<UserDetails> users =
        ConsoleUsers.from(List.of(aUser(" ops ", "{bcrypt}" + HASH, "Operator", "finance")));
    assertThat(users).hasSize(1);
    UserDetails ops = users.get(0);
    assertThat(ops.getUsername()).isEqualTo("ops");
    assertThat(ops.getAuthorities())
        .extracting(GrantedAuthority::getAuthority)
        .containsExactlyInAnyOrder("ROLE_OPERATOR", "ROLE_FINANCE");
    assertThat(new BCryptPasswordEncoder().matches("secret", ops.getPassword())).isTrue();
    assertThat(new BCryptPasswordEncoder().matches("wrong", ops.getPassword())).isFalse();
  }

  @Test
  void noConfiguredUserIsAllowedSignInIsThenByAdminApiKeyOnly() {
    assertThat(ConsoleUsers.from(List.of())).isEmpty();
  }
}
