package ai.omnix.pipeline.core.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

class CreditsTest {

  @Test
  void aTenthOfACreditIsExactlyAHundredMilliCreditsAndPrintsWithThreePlaces() {
    Credits tenth = Credits.parse("0.1");
    assertThat(tenth.millis()).isEqualTo(100);
    assertThat(tenth.toString()).isEqualTo("0.100");
    assertThat(tenth.toBigDecimal()).isEqualTo(new BigDecimal("0.100"));
    assertThat(tenth.times(10)).isEqualTo(Credits.of(1));
  }

  @Test
  void sumsThatFloatingPointGetsWrongAreExact() {
    Credits sum = Credits.ZERO;
    for (int i = 0; i < 10; i++) {
      sum = sum.plus(Credits.parse("0.1"));
    }
    assertThat(sum).isEqualTo(Credits.of(1));
    assertThat(Credits.parse("0.3").minus(Credits.parse("0.1"))).isEqualTo(Credits.parse("0.2"));
  }

  @Test
  void refusesToDropPrecisionOrOverflowSilently() {
    assertThatThrownBy(() -> Credits.parse("0.0001")).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Credits.of(new BigDecimal("1.2345")))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Credits.ofMillis(Long.MAX_VALUE).plus(Credits.ofMillis(1)))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Credits.of(Long.MAX_VALUE / 10))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Credits.parse("1e400")).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Credits.parse("abc")).isInstanceOf(NumberFormatException.class);
  }

  @Test
  void roundsOnlyWhereTheCallerSaysHow() {
    Credits price = Credits.parse("0.333");
    assertThat(price.times(new BigDecimal("0.5"), RoundingMode.CEILING))
        .isEqualTo(Credits.parse("0.167"));
    assertThat(price.times(new BigDecimal("0.5"), RoundingMode.FLOOR))
        .isEqualTo(Credits.parse("0.166"));
    assertThatThrownBy(() -> price.times(new BigDecimal("0.5"), RoundingMode.UNNECESSARY))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void trailingZerosDoNotMakeADifferentAmount() {
    assertThat(Credits.parse("1.50")).isEqualTo(Credits.parse("1.5"));
    assertThat(Credits.parse("1.50").hashCode()).isEqualTo(Credits.parse("1.5").hashCode());
  }
}
