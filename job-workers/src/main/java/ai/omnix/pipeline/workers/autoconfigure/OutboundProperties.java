package ai.omnix.pipeline.workers.autoconfigure;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Outbound connection policy ({@code omnix.outbound.*}).
 *
 * @param allowedCidrs address blocks that webhooks and URL fetches may reach although they are
 *     private (for example {@code 10.1.0.0/16} for an internal receiver); empty by default
 */
@ConfigurationProperties("omnix.outbound")
public record OutboundProperties(List<String> allowedCidrs) {
  public OutboundProperties {
    allowedCidrs = allowedCidrs == null ? List.of() : List.copyOf(allowedCidrs);
  }
}
