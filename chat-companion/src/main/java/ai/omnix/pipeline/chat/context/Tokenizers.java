package ai.omnix.pipeline.chat.context;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * The token counters of the catalog's {@code tokenizer} names. OpenAI's encodings are exact
 * (jtokkit). Anthropic's and Google's tokenizers are not public: {@code estimate} counts with
 * {@code cl100k_base} and adds {@value #ESTIMATE_MARGIN_PERCENT} %, because those tokenizers
 * usually split English and code into somewhat more tokens than cl100k; erring high drops a turn
 * slightly early rather than sending a prompt the model refuses.
 */
public final class Tokenizers {
  static final int ESTIMATE_MARGIN_PERCENT = 20;
  private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

  private Tokenizers() {}

  /**
   * @throws IllegalArgumentException for a name the catalog does not allow
   */
  public static TokenCounter named(String name) {
    return switch (name) {
      case "o200k_base" -> exact(name, REGISTRY.getEncoding(EncodingType.O200K_BASE));
      case "cl100k_base" -> exact(name, REGISTRY.getEncoding(EncodingType.CL100K_BASE));
      case "estimate" -> estimate(REGISTRY.getEncoding(EncodingType.CL100K_BASE));
      default -> throw new IllegalArgumentException("unknown tokenizer " + name);
    };
  }

  private static TokenCounter exact(String name, Encoding encoding) {
    return new TokenCounter() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int count(String text) {
        return encoding.countTokensOrdinary(text);
      }
    };
  }

  private static TokenCounter estimate(Encoding cl100k) {
    return new TokenCounter() {
      @Override
      public String name() {
        return "estimate";
      }

      @Override
      public int count(String text) {
        int base = cl100k.countTokensOrdinary(text);
        return (int) Math.ceil(base * (100 + ESTIMATE_MARGIN_PERCENT) / 100.0);
      }
    };
  }
}
