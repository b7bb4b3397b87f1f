package ai.omnix.pipeline.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "ai.omnix.pipeline.core",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule coreDependsOnNoFramework =
      noClasses()
          .that()
          .resideInAPackage("ai.omnix.pipeline.core..")
          .should()
          .dependOnClassesThat()
          .resideOutsideOfPackages("ai.omnix.pipeline.core..", "java..", "javax.crypto..")
          .because(
              "the core holds domain types and ports that any module, and any test, can use with new");
}
