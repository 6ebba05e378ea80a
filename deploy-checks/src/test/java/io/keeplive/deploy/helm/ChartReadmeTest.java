package io.keeplive.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.deploy.node.NodeTools;
import io.keeplive.deploy.repository.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * helm/keeplive/README.md's parameter table is what {@code @bitnami/readme-generator-for-helm}
 * makes of the {@code ## @param} annotations in values.yaml. The generator refuses a value without
 * an annotation and an annotation without a value, so the table lists every value. Regenerate with
 * {@code -Dkeeplive.writeReadme=true}.
 */
class ChartReadmeTest {

  static final String README = "helm/keeplive/README.md";

  @TempDir Path work;

  @Test
  void theParameterTableIsGeneratedFromTheAnnotatedValuesAndCurrent() throws IOException {
    Path copy = Files.copy(RepositoryFiles.path(README), work.resolve("README.md"));

    ProcessResult generated =
        NodeTools.bin(
            "readme-generator",
            "--values",
            RepositoryFiles.path("helm/keeplive/values.yaml").toString(),
            "--readme",
            copy.toString());

    assertThat(generated.exitCode())
        .as(
            "every value annotated, every annotation a value:\n"
                + generated.stdout()
                + generated.stderr())
        .isZero();
    String regenerated = Files.readString(copy);
    if (Boolean.getBoolean("keeplive.writeReadme")) {
      Files.writeString(RepositoryFiles.path(README), regenerated);
    }
    assertThat(RepositoryFiles.read(README))
        .as(README + " is stale; regenerate it with -Dkeeplive.writeReadme=true")
        .isEqualTo(regenerated);
    assertThat(regenerated).contains("| `gateway.jvm.maxDirectMemory`");
  }
}
