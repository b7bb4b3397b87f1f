package ai.omnix.pipeline.api.assets;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.tenant.Plan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class AssetIngestTest {

  @Test
  void keepsOnlyTheBaseNameOfAClientFileNameWithoutControlCharacters() {
    assertThat(AssetIngest.cleanFilename("../../etc/passwd")).isEqualTo("passwd");
    assertThat(AssetIngest.cleanFilename("C:\\Users\\me\\report.pdf")).isEqualTo("report.pdf");
    assertThat(AssetIngest.cleanFilename("evil\u202Efdp.exe")).isEqualTo("evilfdp.exe");
    assertThat(AssetIngest.cleanFilename("a\u0000b\nc.txt")).isEqualTo("abc.txt");
    assertThat(AssetIngest.cleanFilename("..")).isNull();
    assertThat(AssetIngest.cleanFilename("x".repeat(1000))).hasSize(255);
    assertThat(AssetIngest.cleanFilename("été 2026.mp4")).isEqualTo("été 2026.mp4");
  }

  @Test
  void planLimitsAndAllowedTypesAreConfigurablePerPlan() {
    UploadProperties properties =
        new UploadProperties(
            Map.of(Plan.STUDENT, DataSize.ofMegabytes(5)),
            Map.of(Plan.FREE, List.of("image/*")),
            null,
            null,
            null,
            null);
    assertThat(properties.maxBytes(Plan.STUDENT)).isEqualTo(5L * 1024 * 1024);
    assertThat(properties.maxBytes(Plan.FREE)).isEqualTo(10L * 1024 * 1024);
    assertThat(properties.allows(Plan.FREE, "image/webp")).isTrue();
    assertThat(properties.allows(Plan.FREE, "application/pdf")).isFalse();
    assertThat(properties.allows(Plan.PRO, "application/pdf")).isTrue();
    assertThat(properties.allows(Plan.PRO, "application/x-msdownload")).isFalse();
    assertThat(properties.allows(Plan.PRO, "imagex/evil")).isFalse();
  }
}
