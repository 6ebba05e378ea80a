package io.keeplive.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The settings table of docs/operations.md states the defaults the code has. */
class GatewaySettingsDocumentedTest {

  private static final Pattern ROW =
      Pattern.compile("^\\| `(keeplive\\.gateway\\.[a-z.-]+)` \\| ([^|]+) \\|", Pattern.MULTILINE);

  @Test
  void everyDocumentedDefaultIsTheDefaultTheGatewayStartsWith() throws Exception {
    String operations = Files.readString(Path.of("..", "docs", "operations.md"));
    Map<String, String> documented = new LinkedHashMap<>();
    Matcher row = ROW.matcher(operations);
    while (row.find()) {
      documented.put(row.group(1), row.group(2).trim());
    }
    assertThat(documented).hasSize(25);

    GatewayProperties defaults = GatewayProperties.defaults();
    // Binding each documented default explicitly must give exactly the defaults of the code.
    GatewayProperties bound =
        new Binder(new MapConfigurationPropertySource(documented))
            .bind("keeplive.gateway", GatewayProperties.class)
            .get();
    assertThat(bound.limits()).isEqualTo(defaults.limits());
    assertThat(bound.refetch()).isEqualTo(defaults.refetch());
    assertThat(bound.sync()).isEqualTo(defaults.sync());
  }
}
