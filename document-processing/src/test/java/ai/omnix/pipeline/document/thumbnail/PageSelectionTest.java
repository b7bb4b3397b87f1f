package ai.omnix.pipeline.document.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PageSelectionTest {
  @Test
  void readsSinglePagesAndRangesInOrderWithoutDuplicates() {
    assertThat(PageSelection.parse("1", 20)).containsExactly(1);
    assertThat(PageSelection.parse("5, 2-3,3", 20)).containsExactly(2, 3, 5);
  }

  @Test
  void refusesMalformedSelectionsAndTooManyPagesWithoutExpandingThem() {
    assertThatThrownBy(() -> PageSelection.parse("0", 20))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PageSelection.parse("3-1", 20))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PageSelection.parse("a", 20))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PageSelection.parse("1-2000000000", 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 20");
  }
}
