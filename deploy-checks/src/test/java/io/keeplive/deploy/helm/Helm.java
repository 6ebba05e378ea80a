package io.keeplive.deploy.helm;

import io.keeplive.deploy.repository.RepositoryFiles;
import io.keeplive.deploy.repository.YamlDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real helm binary against the repository's chart, with helm's own cache, config and data
 * directories inside target/ so that a check never reads or writes the user's helm setup.
 */
public final class Helm {

  public static final String CHART = "helm/keeplive";
  public static final String RELEASE = "kl";
  public static final String NAMESPACE = "keeplive";

  private Helm() {}

  public static ProcessResult lint(String... valuesFiles) {
    List<String> args = new ArrayList<>(List.of("lint", "--strict", chart().toString()));
    for (String values : valuesFiles) {
      args.add("-f");
      args.add(RepositoryFiles.path(values).toString());
    }
    return run(args);
  }

  /** {@code helm template} with the given values files and {@code --set} pairs. */
  public static ProcessResult template(List<String> valuesFiles, List<String> sets) {
    List<String> args =
        new ArrayList<>(List.of("template", RELEASE, chart().toString(), "-n", NAMESPACE));
    for (String values : valuesFiles) {
      args.add("-f");
      args.add(RepositoryFiles.path(values).toString());
    }
    for (String set : sets) {
      args.add("--set");
      args.add(set);
    }
    return run(args);
  }

  /** {@code helm install --dry-run=client}: renders everything, NOTES.txt included, offline. */
  public static ProcessResult installDryRun(List<String> valuesFiles, List<String> sets) {
    List<String> args =
        new ArrayList<>(
            List.of("install", RELEASE, chart().toString(), "-n", NAMESPACE, "--dry-run=client"));
    for (String values : valuesFiles) {
      args.add("-f");
      args.add(RepositoryFiles.path(values).toString());
    }
    for (String set : sets) {
      args.add("--set");
      args.add(set);
    }
    return run(args);
  }

  /** Renders and parses the manifests; fails with helm's message when rendering fails. */
  public static Manifests render(List<String> valuesFiles, String... sets) {
    ProcessResult result = template(valuesFiles, List.of(sets));
    if (result.exitCode() != 0) {
      throw new AssertionError("helm template failed: " + result.stderr());
    }
    return new Manifests(YamlDocument.parseAll(result.stdout()));
  }

  private static Path chart() {
    return RepositoryFiles.path(CHART);
  }

  private static ProcessResult run(List<String> args) {
    Path helm = HelmBinary.require();
    Path home = Path.of(System.getProperty("java.io.tmpdir"), "keeplive-helm-home");
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command = new ArrayList<>();
    command.add(helm.toString());
    command.addAll(args);
    return ProcessResult.run(
        command,
        RepositoryFiles.root(),
        Map.of(
            "HELM_CACHE_HOME", home.resolve("cache").toString(),
            "HELM_CONFIG_HOME", home.resolve("config").toString(),
            "HELM_DATA_HOME", home.resolve("data").toString()),
        2,
        TimeUnit.MINUTES);
  }
}
