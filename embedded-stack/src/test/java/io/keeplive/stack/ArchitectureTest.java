package io.keeplive.stack;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the module boundaries of docs/architecture.md: the three services talk to each other only
 * through HTTP and Kafka, shared-contracts knows no service, and a feature's {@code internal}
 * package is reachable only from that feature.
 */
class ArchitectureTest {

  private static final String[] SERVICES = {
    "io.keeplive.resource..", "io.keeplive.relay..", "io.keeplive.gateway.."
  };

  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.keeplive");
  }

  @Test
  void servicesNeverDependOnEachOther() {
    for (String service : SERVICES) {
      for (String other : SERVICES) {
        if (!service.equals(other)) {
          noClasses()
              .that()
              .resideInAPackage(service)
              .should()
              .dependOnClassesThat()
              .resideInAPackage(other)
              .because("services integrate only over HTTP and Kafka")
              .check(production);
        }
      }
    }
  }

  @Test
  void sharedContractsKnowNoService() {
    noClasses()
        .that()
        .resideInAPackage("io.keeplive.contracts..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(SERVICES)
        .check(production);
  }

  @Test
  void servicesNeverUseTestInfrastructure() {
    noClasses()
        .that()
        .resideInAnyPackage(SERVICES)
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.keeplive.testsupport..")
        .check(production);
  }

  @Test
  void internalPackagesAreReachableOnlyFromTheirOwnFeature() {
    classes()
        .that()
        .resideInAPackage("..internal..")
        .should(onlyBeAccessedFromTheirFeature())
        .allowEmptyShould(true)
        .check(production);
  }

  @Test
  void noLayerPackagesAndNoServiceImpls() {
    noClasses()
        .should()
        .resideInAnyPackage("..controller..", "..service..", "..repository..", "..impl..")
        .orShould()
        .haveSimpleNameEndingWith("ServiceImpl")
        .because("code is packaged by feature, not by layer")
        .check(production);
  }

  private static ArchCondition<JavaClass> onlyBeAccessedFromTheirFeature() {
    return new ArchCondition<>("only be accessed from their own feature package") {
      @Override
      public void check(JavaClass internal, ConditionEvents events) {
        String name = internal.getPackageName();
        String feature = name.substring(0, name.indexOf(".internal"));
        internal
            .getDirectDependenciesToSelf()
            .forEach(
                dependency -> {
                  String from = dependency.getOriginClass().getPackageName();
                  if (!from.equals(feature) && !from.startsWith(feature + ".")) {
                    events.add(
                        SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                  }
                });
      }
    };
  }
}
