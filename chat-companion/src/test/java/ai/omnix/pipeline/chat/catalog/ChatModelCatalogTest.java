package ai.omnix.pipeline.chat.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChatModelCatalogTest {

  private static ChatModelCatalog read(String json) {
    return ChatModelCatalog.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theBundledCatalogHasTheOfflineModelAndBasicAndPremiumModelsPricedPerMessage() {
    ChatModelCatalog catalog = ChatModelCatalog.bundled();
    ChatModel offline = catalog.find("offline-chat").orElseThrow();
    assertThat(offline.price().credits(1000, 1000)).isEqualByComparingTo(BigDecimal.ZERO);
    for (ChatModel model : catalog.all()) {
      if (model.id().equals("offline-chat")) {
        continue;
      }
      // a typical message: 1,000 prompt tokens and 500 reply tokens
      BigDecimal typical = model.price().credits(1000, 500);
      if (model.tier() == ChatModel.Tier.BASIC) {
        assertThat(typical).as(model.id()).isBetween(new BigDecimal("0.1"), new BigDecimal("0.3"));
      } else {
        assertThat(typical).as(model.id()).isBetween(new BigDecimal("0.5"), new BigDecimal("1"));
      }
    }
    assertThat(catalog.all()).extracting(ChatModel::tier).contains(ChatModel.Tier.PREMIUM);
  }

  @Test
  void aBrokenCatalogIsRefusedNamingTheModel() {
    assertThatThrownBy(
            () ->
                read(
                    "{\"models\":[{\"id\":\"x\",\"tier\":\"basic\",\"context_window\":1000,"
                        + "\"max_output_tokens\":100,\"tokenizer\":\"gpt2\",\"endpoints\":[{\"provider\":\"p\",\"provider_model\":\"m\"}]}]}"))
        .hasMessageContaining("x");
    assertThatThrownBy(
            () ->
                read(
                    "{\"models\":[{\"id\":\"y\",\"tier\":\"basic\",\"context_window\":1000,"
                        + "\"max_output_tokens\":100,\"endpoints\":[]}]}"))
        .hasMessageContaining("y");
    assertThatThrownBy(() -> read("{\"models\":[]}")).hasMessageContaining("no models");
  }

  @Test
  void theDirectoryListsChatModelsInOpenAisShapeWithAvailability() {
    var models = new ChatModelDirectory(ChatModelCatalog.bundled(), Set.of("offline")).models();
    var offline = models.stream().filter(m -> m.get("id").equals("offline-chat")).findFirst();
    assertThat(offline.orElseThrow())
        .containsEntry("object", "model")
        .containsEntry("available", true)
        .containsKeys("created", "owned_by", "context_window", "credits");
    assertThat(models.stream().filter(m -> m.get("id").equals("gpt-4o")).findFirst().orElseThrow())
        .containsEntry("available", false);
  }
}
