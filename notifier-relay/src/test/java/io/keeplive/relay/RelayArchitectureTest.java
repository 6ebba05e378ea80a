package io.keeplive.relay;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The dependency rules of the package design notes. */
class RelayArchitectureTest {

  private static final JavaClasses RELAY =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.keeplive.relay");

  @Test
  void theEngineKnowsNothingOfSpring() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.keeplive.relay.outbox..",
            "io.keeplive.relay.kafka..",
            "io.keeplive.relay.observability..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.springframework..")
        .check(RELAY);
  }

  @Test
  void onlyTheOutboxPackageUsesItsInternals() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.keeplive.relay.outbox..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.keeplive.relay.outbox.internal..")
        .check(RELAY);
  }

  @Test
  void publishingAndObservabilityDoNotDependOnTheEngine() {
    noClasses()
        .that()
        .resideInAnyPackage("io.keeplive.relay.kafka..", "io.keeplive.relay.observability..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.keeplive.relay.outbox..")
        .check(RELAY);
  }
}
