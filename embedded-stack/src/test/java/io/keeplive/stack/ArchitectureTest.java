package io.keeplive.stack;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the module boundaries of docs/architecture.md: the three services talk to each other only
 * through HTTP and Kafka, shared-contracts knows no service, a feature's {@code internal} package
 * is reachable only from that feature, and a feature uses only the sibling features its package
 * note names ({@link PackageNotes}), without cycles.
 */
class ArchitectureTest {

  private static final String[] SERVICES = {
    "io.keeplive.resource..", "io.keeplive.relay..", "io.keeplive.gateway.."
  };

  /** Where the services' sources (and their package notes) are. */
  private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

  private static JavaClasses production;

  /** Each service with its feature packages' notes. */
  static Stream<PackageNotes> services() {
    return Stream.of(
        PackageNotes.read(
            "io.keeplive.resource",
            REPOSITORY.resolve("resource-starter/src/main/java"),
            REPOSITORY.resolve("resource-service/src/main/java")),
        PackageNotes.read("io.keeplive.gateway", REPOSITORY.resolve("live-gateway/src/main/java")),
        PackageNotes.read("io.keeplive.relay", REPOSITORY.resolve("notifier-relay/src/main/java")));
  }

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

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void featuresUseOnlyTheSiblingFeaturesTheirPackageNoteNames(PackageNotes notes) {
    notes
        .allowed()
        .forEach(
            (feature, allowed) -> {
              String base = notes.servicePackage() + ".";
              String[] forbidden =
                  Stream.concat(notes.allowed().keySet().stream(), notes.undeclared().stream())
                      .filter(other -> !other.equals(feature) && !allowed.contains(other))
                      .map(other -> base + other + "..")
                      .toArray(String[]::new);
              if (forbidden.length == 0) {
                return;
              }
              noClasses()
                  .that()
                  .resideInAPackage(base + feature + "..")
                  .should()
                  .dependOnClassesThat()
                  .resideInAnyPackage(forbidden)
                  .because(
                      "the package note of "
                          + base
                          + feature
                          + " allows only "
                          + allowed
                          + " (its \"Depends on\" sentence)")
                  .check(production);
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void featurePackagesAreFreeOfCycles(PackageNotes notes) {
    slices()
        .matching(notes.servicePackage() + ".(*)..")
        .should()
        .beFreeOfCycles()
        .check(production);
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
