package io.keeplive.resource;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The dependency rules the package-info notes promise. */
class ArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.keeplive.resource");

  @Test
  void declarationsDependOnNothingButTheDeclarationLanguage() {
    classes()
        .that()
        .resideInAnyPackage(
            "io.keeplive.resource.declaration..",
            "io.keeplive.resource.tickets..",
            "io.keeplive.resource.conversations..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "io.keeplive.contracts..",
            "org.springframework.http..",
            "io.keeplive.resource.declaration..",
            "io.keeplive.resource.tickets..",
            "io.keeplive.resource.conversations..")
        .check(CLASSES);
  }

  @Test
  void resourceServiceDependsOnNoOtherServiceModule() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.keeplive.gateway..", "io.keeplive.relay..", "io.keeplive.stack..")
        .check(CLASSES);
  }

  @Test
  void internalPackagesAreUsedOnlyByTheirFeature() {
    classes()
        .that()
        .resideInAPackage("io.keeplive.resource.write.internal..")
        .should()
        .onlyHaveDependentClassesThat()
        .resideInAnyPackage("io.keeplive.resource.write..")
        .check(CLASSES);
  }

  @Test
  void onlyTheWritePathTouchesTheOutbox() {
    classes()
        .that()
        .resideInAPackage("io.keeplive.resource.outbox..")
        .should()
        .onlyHaveDependentClassesThat()
        .resideInAnyPackage(
            "io.keeplive.resource.outbox..", "io.keeplive.resource.write..", "io.keeplive.resource")
        .check(CLASSES);
  }
}
