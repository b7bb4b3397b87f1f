package ai.omnix.pipeline.billing.autoconfigure;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Billing settings ({@code omnix.billing.*}).
 *
 * @param stripe Stripe webhook verification and price mapping
 * @param longestJobLifetime a hold older than this cannot belong to a running job: reconciliation
 *     reports it (default 48 h: the longest job timeout plus its retries, with margin)
 * @param invoiceGrace how long after its month an invoice stays a draft, taking adjustments, before
 *     it becomes final (default 72 h)
 */
@ConfigurationProperties("omnix.billing")
public record BillingProperties(Stripe stripe, Duration longestJobLifetime, Duration invoiceGrace) {
  public BillingProperties {
    stripe = stripe == null ? new Stripe(null, null, null) : stripe;
    longestJobLifetime = longestJobLifetime == null ? Duration.ofHours(48) : longestJobLifetime;
    invoiceGrace = invoiceGrace == null ? Duration.ofHours(72) : invoiceGrace;
  }

  /**
   * @param webhookSecret the endpoint's signing secret ({@code whsec_…}); without it the endpoint
   *     answers 503
   * @param tolerance how old a signed delivery may be (default 5 minutes, as Stripe's libraries)
   * @param planPrices Stripe price lookup keys or price ids → plan names; the lookup keys {@code
   *     omnix_student}, {@code omnix_pro} and {@code omnix_team} are always known
   */
  public record Stripe(String webhookSecret, Duration tolerance, Map<String, String> planPrices) {
    public Stripe {
      tolerance = tolerance == null ? Duration.ofMinutes(5) : tolerance;
      Map<String, String> prices = new HashMap<>();
      prices.put("omnix_student", "student");
      prices.put("omnix_pro", "pro");
      prices.put("omnix_team", "team");
      if (planPrices != null) {
        prices.putAll(planPrices);
      }
      planPrices = Map.copyOf(prices);
    }
  }
}
