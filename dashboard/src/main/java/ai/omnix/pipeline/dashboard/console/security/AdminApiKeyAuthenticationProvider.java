package ai.omnix.pipeline.dashboard.console.security;

import ai.omnix.pipeline.store.tenant.ApiKeys;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Signs in with an admin API key: the form's user name is {@link ConsoleUsers#API_KEY_USERNAME} and
 * its password the key. Only an admin tenant's live key is accepted, and it grants the {@code
 * admin} role; the session's name is {@code api-key:<the key's display prefix>}, never the key. Any
 * other user name is left to the configured accounts.
 */
public class AdminApiKeyAuthenticationProvider implements AuthenticationProvider {
  private final TenantRepository tenants;

  public AdminApiKeyAuthenticationProvider(TenantRepository tenants) {
    this.tenants = tenants;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    if (!ConsoleUsers.API_KEY_USERNAME.equals(authentication.getName())) {
      return null;
    }
    String key = String.valueOf(authentication.getCredentials()).strip();
    boolean admin =
        ApiKeys.isPlausible(key)
            && tenants.authenticate(key).map(TenantRepository.Principal::admin).orElse(false);
    if (!admin) {
      throw new BadCredentialsException("not a live admin API key");
    }
    return UsernamePasswordAuthenticationToken.authenticated(
        "api-key:" + ApiKeys.displayPrefix(key),
        null,
        List.of(new SimpleGrantedAuthority("ROLE_" + ConsoleRole.ADMIN.name())));
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
