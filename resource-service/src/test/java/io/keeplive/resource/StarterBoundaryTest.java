package io.keeplive.resource;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The resource starter knows nothing of the helpdesk, and the helpdesk (main code and tests) uses
 * the starter as any application would: through its public classes and members only, although both
 * share the package tree {@code io.keeplive.resource}. Classes are told apart by where they were
 * loaded from (the starter's module or jar, this module's classes or test classes).
 */
class StarterBoundaryTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter().importPackages("io.keeplive.resource");

  private static final DescribedPredicate<JavaClass> IN_STARTER =
      loadedFrom(
          "the resource starter",
          "resource-starter/target/",
          "keeplive-resource-spring-boot-starter");

  private static final DescribedPredicate<JavaClass> IN_HELPDESK =
      loadedFrom("resource-service (main and tests)", "resource-service/target/");

  private static DescribedPredicate<JavaClass> loadedFrom(String description, String... locations) {
    return DescribedPredicate.describe(
        description,
        type ->
            type.getSource()
                .map(source -> source.getUri().toString())
                .map(
                    uri -> {
                      for (String location : locations) {
                        if (uri.contains(location)) {
                          return true;
                        }
                      }
                      return false;
                    })
                .orElse(false));
  }

  /** An access to a starter member or class that is not public. */
  private static final DescribedPredicate<JavaAccess<?>> NON_PUBLIC_STARTER_TARGET =
      DescribedPredicate.describe(
          "a class or member of the starter that is not public",
          access -> {
            AccessTarget target = access.getTarget();
            JavaClass owner = target.getOwner();
            if (!IN_STARTER.test(owner)) {
              return false;
            }
            boolean publicMember =
                target
                    .resolveMember()
                    .map(member -> member.getModifiers().contains(JavaModifier.PUBLIC))
                    .orElse(true);
            return !owner.getModifiers().contains(JavaModifier.PUBLIC) || !publicMember;
          });

  @Test
  void bothSidesAreFoundSoTheRulesBelowCheckSomething() {
    assertThat(CLASSES.stream().filter(IN_STARTER::test).count()).isGreaterThan(50);
    assertThat(CLASSES.stream().filter(IN_HELPDESK::test).count()).isGreaterThan(10);
  }

  @Test
  void theStarterDependsOnNothingOfTheHelpdesk() {
    noClasses()
        .that(IN_STARTER)
        .should()
        .dependOnClassesThat(IN_HELPDESK)
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.keeplive.resource.tickets..", "io.keeplive.resource.conversations..")
        .because("the starter is a library for any application; the helpdesk is one of them")
        .check(CLASSES);
  }

  @Test
  void theHelpdeskUsesOnlyPublicClassesAndMembersOfTheStarter() {
    noClasses()
        .that(IN_HELPDESK)
        .should()
        .accessTargetWhere(NON_PUBLIC_STARTER_TARGET)
        .orShould()
        .dependOnClassesThat(
            IN_STARTER.and(
                DescribedPredicate.describe(
                    "not public", type -> !type.getModifiers().contains(JavaModifier.PUBLIC))))
        .because("resource-service is built on the starter as any application would be")
        .check(CLASSES);
  }
}
