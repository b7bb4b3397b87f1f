package ai.omnix.pipeline.launcher;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * Module boundaries as tests: dependencies point inward, and no module reaches into an application.
 */
@AnalyzeClasses(
    packages = "ai.omnix.pipeline",
    importOptions = {
      ImportOption.DoNotIncludeTests.class,
      ModuleDependencyRulesTest.DoNotIncludeTestJars.class
    })
class ModuleDependencyRulesTest {

  /** Other modules' test fixtures arrive as {@code -tests.jar}s, which DoNotIncludeTests misses. */
  static final class DoNotIncludeTestJars implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("-tests.jar");
    }
  }

  @ArchTest
  static final ArchRule apiDependsOnNoProcessingOrWorkerModule =
      noClasses()
          .that()
          .resideInAPackage("ai.omnix.pipeline.api..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "ai.omnix.pipeline.media..",
              "ai.omnix.pipeline.document..",
              "ai.omnix.pipeline.generation..",
              "ai.omnix.pipeline.workers..",
              "ai.omnix.pipeline.scheduler..",
              "ai.omnix.pipeline.dashboard..",
              "ai.omnix.pipeline.billing..",
              "ai.omnix.pipeline.batch..",
              "org.springframework.batch..",
              "com.stripe..",
              "org.jobrunr..",
              "ws.schild..",
              "org.apache.tika..",
              "org.apache.pdfbox..",
              "net.sourceforge.tess4j..")
          .because("the API must stay light: it accepts jobs, it never runs them");

  @ArchTest
  static final ArchRule chatDependsOnNoProcessingOrWorkerModule =
      noClasses()
          .that()
          .resideInAPackage("ai.omnix.pipeline.chat..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "ai.omnix.pipeline.media..",
              "ai.omnix.pipeline.document..",
              "ai.omnix.pipeline.generation..",
              "ai.omnix.pipeline.workers..",
              "ai.omnix.pipeline.scheduler..",
              "ai.omnix.pipeline.dashboard..",
              "org.jobrunr..",
              "ws.schild..",
              "org.apache.tika..",
              "org.apache.pdfbox..",
              "net.sourceforge.tess4j..")
          .because(
              "the chat companion is a light process of its own: it answers chats, it never runs jobs");

  @ArchTest
  static final ArchRule nothingButTheLauncherKnowsTheChatCompanion =
      noClasses()
          .that()
          .resideOutsideOfPackages("ai.omnix.pipeline.chat..", "ai.omnix.pipeline.launcher..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("ai.omnix.pipeline.chat..")
          .because("others reach chat through core ports (CustomInstructions, ModelDirectory)");

  @ArchTest
  static final ArchRule chatProvidersKnowOnlyTheirPort =
      noClasses()
          .that()
          .resideInAPackage("ai.omnix.pipeline.chat.offline..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "ai.omnix.pipeline.chat.api..",
              "ai.omnix.pipeline.chat.stream..",
              "ai.omnix.pipeline.chat.conversation..",
              "ai.omnix.pipeline.api..",
              "ai.omnix.pipeline.store..",
              "jakarta.servlet..")
          .because(
              "a chat provider only speaks the ChatProvider port; HTTP and storage sit above it");

  @ArchTest
  static final ArchRule theStoreKnowsNoCaller =
      noClasses()
          .that()
          .resideInAPackage("ai.omnix.pipeline.store..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "ai.omnix.pipeline.api..",
              "ai.omnix.pipeline.workers..",
              "ai.omnix.pipeline.scheduler..",
              "ai.omnix.pipeline.launcher..");

  @ArchTest
  static final ArchRule workersDoNotDependOnTheApi =
      noClasses()
          .that()
          .resideInAPackage("ai.omnix.pipeline.workers..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("ai.omnix.pipeline.api..", "ai.omnix.pipeline.launcher..");

  @ArchTest
  static final ArchRule onlyTheLauncherIsAnApplication =
      noClasses()
          .that()
          .resideOutsideOfPackage("ai.omnix.pipeline.launcher..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("ai.omnix.pipeline.launcher..")
          .orShould()
          .beAnnotatedWith(org.springframework.boot.autoconfigure.SpringBootApplication.class);

  @ArchTest
  static final ArchRule jobRunrStaysInTheWorkerAdapters =
      noClasses()
          .that()
          .resideInAPackage("ai.omnix.pipeline.workers..")
          .and()
          .resideOutsideOfPackages(
              "ai.omnix.pipeline.workers.jobrunr..", "ai.omnix.pipeline.workers.autoconfigure..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.jobrunr..")
          .because(
              "the dispatcher, runner and sweeper are plain Java behind RunEnqueuer and RunStateLookup");

  @ArchTest
  static final ArchRule processingModulesKnowOnlyTheCore =
      noClasses()
          .that()
          .resideInAnyPackage(
              "ai.omnix.pipeline.media..",
              "ai.omnix.pipeline.document..",
              "ai.omnix.pipeline.generation..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "ai.omnix.pipeline.store..",
              "ai.omnix.pipeline.workers..",
              "ai.omnix.pipeline.api..",
              "org.jobrunr..")
          .because(
              "job handlers run on the ports of pipeline-core, so each can be tested and replaced alone");

  @ArchTest
  static final ArchRule processingModulesDoNotDependOnEachOther =
      noClasses()
          .that()
          .resideInAPackage("ai.omnix.pipeline.generation..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("ai.omnix.pipeline.media..", "ai.omnix.pipeline.document..")
          .because("generated videos reach the media jobs as follow-ups, not as calls");

  @ArchTest
  static final ArchRule providerClientsDoNotKnowTheJobs =
      noClasses()
          .that()
          .resideInAPackage("ai.omnix.pipeline.generation.provider..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "ai.omnix.pipeline.generation.job..",
              "ai.omnix.pipeline.generation.route..",
              "ai.omnix.pipeline.core.job..")
          .because(
              "a provider client only speaks its provider's API; routing and billing happen above it");

  @ArchTest
  static final ArchRule theProviderTransportKnowsNoCaller =
      noClasses()
          .that()
          .resideInAPackage("ai.omnix.pipeline.providers..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "ai.omnix.pipeline.generation..",
              "ai.omnix.pipeline.chat..",
              "ai.omnix.pipeline.core.job..",
              "ai.omnix.pipeline.store..",
              "ai.omnix.pipeline.workers..",
              "ai.omnix.pipeline.api..",
              "org.springframework..",
              "org.jobrunr..")
          .because(
              "generation and chat both build on the transport and guards, which know neither of them");

  @ArchTest
  static final ArchRule onlyBillingsWebEdgeKnowsTheApi =
      noClasses()
          .that()
          .resideInAPackage("ai.omnix.pipeline.billing..")
          .and()
          .resideOutsideOfPackages(
              "ai.omnix.pipeline.billing.stripe..",
              "ai.omnix.pipeline.billing.web..",
              "ai.omnix.pipeline.billing.autoconfigure..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "ai.omnix.pipeline.api..", "com.stripe..", "org.springframework.web..")
          .because(
              "the ledger, plans, escrow, reconciliation and invoicing run in every role; only Stripe's"
                  + " endpoint and the billing and invoice endpoints (billing.web) are web");

  @ArchTest
  static final ArchRule springBatchStaysInTheBatchFrameAndItsConsumers =
      noClasses()
          .that()
          .resideOutsideOfPackages(
              "ai.omnix.pipeline.batch..",
              "ai.omnix.pipeline.billing.reconciliation..",
              "ai.omnix.pipeline.billing.invoice..",
              "ai.omnix.pipeline.lifecycle.retention..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.springframework.batch..")
          .because("batch jobs run inside pipeline jobs through PipelineBatchRunner");

  /**
   * The module of a class: {@code store}, {@code billing}, … (the package after ai.omnix.pipeline).
   */
  private static String moduleOf(JavaClass c) {
    String[] parts = c.getPackageName().split("\\.");
    return parts.length > 3 ? parts[3] : "";
  }

  private static boolean isOwnJdbcClass(JavaClass c) {
    return c.getPackageName().startsWith("ai.omnix.pipeline.")
        && (c.getSimpleName().startsWith("Jdbc")
            || c.getSimpleName().startsWith("Postgres")
            || c.getSimpleName().equals("JobRows"));
  }

  @ArchTest
  static final ArchRule noModuleUsesAnotherModulesJdbcClasses =
      classes()
          .that()
          .resideInAPackage("ai.omnix.pipeline..")
          .and()
          .resideOutsideOfPackage("ai.omnix.pipeline.bench..")
          .should(
              new ArchCondition<JavaClass>("use only their own module's JDBC classes") {
                @Override
                public void check(JavaClass origin, ConditionEvents events) {
                  for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass().getBaseComponentType();
                    if (isOwnJdbcClass(target) && !moduleOf(target).equals(moduleOf(origin))) {
                      events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                  }
                }
              })
          .because(
              "callers depend on store ports (JobSubmissions, RunStore, …), so each can be"
                  + " implemented in memory; the JDBC classes are wired by their own module");

  @ArchTest
  static final ArchRule controllersNeverReturnStoreRecords =
      methods()
          .that(
              com.tngtech.archunit.base.DescribedPredicate.describe(
                  "are public methods of a controller",
                  m ->
                      m.getModifiers()
                              .contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC)
                          && (m.getOwner()
                                  .isAnnotatedWith(
                                      org.springframework.web.bind.annotation.RestController.class)
                              || m.getOwner()
                                  .isAnnotatedWith(
                                      org.springframework.stereotype.Controller.class))))
          .should(
              new ArchCondition<JavaMethod>("not return a store type") {
                @Override
                public void check(JavaMethod method, ConditionEvents events) {
                  for (JavaClass type : method.getReturnType().getAllInvolvedRawTypes()) {
                    if (type.getPackageName().startsWith("ai.omnix.pipeline.store")) {
                      events.add(
                          SimpleConditionEvent.violated(
                              method, method.getFullName() + " returns " + type.getName()));
                    }
                  }
                }
              })
          .because("the API's JSON is written by the API module, never by a store type");

  @ArchTest
  static final ArchRule packagesAreFreeOfCycles =
      slices()
          .matching("ai.omnix.pipeline.(**)")
          .should()
          .beFreeOfCycles()
          .because("a package that imports one importing it cannot be understood or moved alone");
}
