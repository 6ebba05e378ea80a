package io.keeplive.deploy.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.deploy.repository.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/configuration.md is generated from the configuration-properties metadata the build writes
 * for each module (spring-boot-configuration-processor:
 * META-INF/spring-configuration-metadata.json, from the {@code @ConfigurationProperties} records
 * and their javadoc). The test regenerates it and fails when the committed file differs (regenerate
 * with {@code -Dkeeplive.writeConfigurationReference=true}) or when a property has no description.
 */
class ConfigurationReferenceTest {

  static final String REFERENCE = "docs/configuration.md";

  /** Module → who reads its properties. */
  static final Map<String, String> MODULES = new LinkedHashMap<>();

  static {
    MODULES.put("live-gateway", "live-gateway");
    MODULES.put(
        "resource-starter", "resource-service (and any application on the resource starter)");
    MODULES.put("notifier-relay", "notifier-relay");
    MODULES.put("shared-contracts", "every service that uses the shared component");
  }

  record Property(String name, String type, String defaultValue, String description) {}

  static Map<String, List<Property>> properties() throws IOException {
    Map<String, List<Property>> byModule = new LinkedHashMap<>();
    JsonMapper json = JsonMapper.builder().build();
    for (String module : MODULES.keySet()) {
      Path metadata =
          RepositoryFiles.path(
              module + "/target/classes/META-INF/spring-configuration-metadata.json");
      List<Property> properties = new ArrayList<>();
      if (Files.exists(metadata)) {
        Map<String, Property> byName = new TreeMap<>();
        for (JsonNode property : json.readTree(Files.readString(metadata)).path("properties")) {
          String name = property.path("name").asString();
          JsonNode defaultValue = property.get("defaultValue");
          byName.put(
              name,
              new Property(
                  name,
                  simpleType(property.path("type").asString("")),
                  defaultValue == null || defaultValue.isNull() ? "" : text(defaultValue),
                  javadoc(property.path("description").asString(""))));
        }
        properties.addAll(byName.values());
      }
      properties.sort(Comparator.comparing(Property::name));
      byModule.put(module, properties);
    }
    return byModule;
  }

  /** Javadoc markup as Markdown: code tags become backticks, link tags their plain text. */
  static String javadoc(String description) {
    return description
        .replaceAll("\\{@code ([^{}]*)\\}", "`$1`")
        .replaceAll("\\{@link(?:plain)? ([^{}]*)\\}", "$1")
        .replaceAll("\\s+", " ")
        .strip();
  }

  private static String text(JsonNode value) {
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      value.forEach(v -> items.add(v.asString()));
      return String.join(", ", items);
    }
    return value.asString();
  }

  /** {@code java.util.List<java.lang.String>} → {@code List<String>}. */
  static String simpleType(String type) {
    return type.replaceAll("(?:[a-z][a-z0-9_]*\\.)+([A-Z])", "$1").replace('$', '.');
  }

  static String cell(String text) {
    return text.replace("|", "\\|");
  }

  static String generate(Map<String, List<Property>> byModule) {
    StringBuilder out = new StringBuilder();
    out.append("# Configuration reference\n\n")
        .append("Every configuration property the Keeplive modules declare, generated from the\n")
        .append("configuration-properties metadata of the build (the `@ConfigurationProperties`\n")
        .append(
            "records and their javadoc). Do not edit: `ConfigurationReferenceTest` (deploy-checks)\n")
        .append(
            "regenerates it with `-Dkeeplive.writeConfigurationReference=true` and fails when it is\n")
        .append(
            "stale. Spring Boot's own properties (`server.*`, `spring.*`, `management.*`) are in\n")
        .append("Spring Boot's reference; how to set any property through the environment, the\n")
        .append("environment aliases and the embedded stack's `keeplive.stack.*` are in\n")
        .append("[operations.md](operations.md#configuration).\n");
    byModule.forEach(
        (module, properties) -> {
          if (properties.isEmpty()) {
            return;
          }
          out.append("\n## ").append(module).append("\n\n");
          out.append("Read by ").append(MODULES.get(module)).append(".\n\n");
          out.append("| property | type | default | description |\n|---|---|---|---|\n");
          for (Property p : properties) {
            out.append("| `")
                .append(p.name())
                .append("` | `")
                .append(cell(p.type()))
                .append("` | ")
                .append(p.defaultValue().isEmpty() ? "" : "`" + cell(p.defaultValue()) + "`")
                .append(" | ")
                .append(cell(p.description()))
                .append(" |\n");
          }
        });
    return out.toString();
  }

  @Test
  void theReferenceListsEveryPropertyOfTheMetadataAndIsCurrent() throws IOException {
    Map<String, List<Property>> properties = properties();
    assertThat(properties.get("notifier-relay"))
        .as("the build writes configuration metadata (spring-boot-configuration-processor)")
        .isNotEmpty();
    String generated = generate(properties);
    if (Boolean.getBoolean("keeplive.writeConfigurationReference")) {
      Files.writeString(RepositoryFiles.path(REFERENCE), generated);
    }
    assertThat(RepositoryFiles.read(REFERENCE))
        .as(REFERENCE + " is stale; regenerate it with -Dkeeplive.writeConfigurationReference=true")
        .isEqualTo(generated);
  }

  @Test
  void everyPropertyHasADescription() throws IOException {
    List<String> undocumented = new ArrayList<>();
    properties()
        .forEach(
            (module, list) ->
                list.stream()
                    .filter(p -> p.description().isEmpty())
                    .forEach(p -> undocumented.add(module + ": " + p.name())));
    assertThat(undocumented).isEmpty();
  }
}
