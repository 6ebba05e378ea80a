package io.keeplive.deploy.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.deploy.helm.HelmBinary;
import io.keeplive.deploy.helm.Manifests;
import io.keeplive.deploy.helm.ProcessResult;
import io.keeplive.deploy.repository.RepositoryFiles;
import io.keeplive.deploy.repository.YamlDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/operations.md as a tested script. Every {@code ```sh doc-test} block runs in bash, in order,
 * in one working directory, with {@code helm}, {@code kubectl}, {@code curl} and the Kafka tools
 * replaced by recorders; the recorded commands are then replayed against what can run here: {@code
 * helm install/upgrade} as {@code helm template} with the same arguments (the real binary), and
 * every {@code kubectl}, {@code curl} and Kafka command checked against the objects the preceding
 * helm command rendered and the namespaces and Secrets the guide created before it. SQL blocks run
 * in {@link RunbookSqlTest}.
 */
class OperationsGuideTest {

  static final String GUIDE = "docs/operations.md";
  private static final List<String> RECORDED =
      List.of("helm", "kubectl", "curl", "kafka-topics.sh", "kafka-configs.sh");
  private static final char SEPARATOR = '\u001f';

  @TempDir Path work;

  /** One recorded command: the block it came from and its argv. */
  record Command(int block, String tool, List<String> args) {
    String text() {
      return tool + " " + String.join(" ", args) + "   (doc-test block " + block + ")";
    }
  }

  @Test
  void everyShellBlockRunsAndEachCommandAddressesWhatTheChartRenders() throws IOException {
    List<GuideBlocks.Block> blocks =
        GuideBlocks.parse(RepositoryFiles.read(GUIDE)).ofLanguage("sh");
    assertThat(blocks).hasSizeGreaterThan(10);
    Path bin = Files.createDirectories(work.resolve("bin"));
    Path log = work.resolve("commands.log");
    for (String tool : RECORDED) {
      Path shim = bin.resolve(tool);
      Files.writeString(
          shim,
          "#!/bin/sh\n"
              + "{ printf '%s\\037%s' \"$DOCTEST_BLOCK\" \"$(basename \"$0\")\";"
              + " for a in \"$@\"; do printf '\\037%s' \"$a\"; done; printf '\\n'; }"
              + " >> \"$DOCTEST_LOG\"\n");
      Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    // The guide's commands name the chart as ./helm/keeplive, relative to a checkout.
    Files.createSymbolicLink(work.resolve("helm"), RepositoryFiles.path("helm"));

    for (int i = 0; i < blocks.size(); i++) {
      GuideBlocks.Block block = blocks.get(i);
      Path script = work.resolve("block-" + i + ".sh");
      Files.writeString(script, block.text());
      ProcessResult syntax =
          ProcessResult.run(List.of("bash", "-n", script.toString()), work, 1, TimeUnit.MINUTES);
      assertThat(syntax.exitCode()).as("line " + block.line() + ": " + syntax.stderr()).isZero();
      ProcessResult run =
          ProcessResult.run(
              List.of("bash", script.toString()),
              work,
              Map.of(
                  "PATH", bin + ":" + System.getenv("PATH"),
                  "DOCTEST_LOG", log.toString(),
                  "DOCTEST_BLOCK", String.valueOf(block.line())),
              2,
              TimeUnit.MINUTES);
      assertThat(run.stderr())
          .as("block at line " + block.line())
          .doesNotContain("command not found")
          .doesNotContain("No such file");
    }

    List<Command> commands = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      List<String> parts = List.of(line.split(String.valueOf(SEPARATOR), -1));
      commands.add(
          new Command(
              Integer.parseInt(parts.get(0)), parts.get(1), parts.subList(2, parts.size())));
    }
    // A port-forward runs in the background (`&`), so its recorder may log after the curl that
    // uses it: within one block, port-forwards are replayed first (the sort is stable).
    commands.sort(
        java.util.Comparator.comparingInt(Command::block)
            .thenComparingInt(c -> c.args().contains("port-forward") ? 0 : 1));
    new Replay(work).check(commands);
  }

  /** Replays recorded commands against the rendered release. */
  static final class Replay {
    private final Path work;
    private final Set<String> namespaces = new HashSet<>();
    private final Set<String> secrets = new HashSet<>();
    private final Set<Integer> forwardedPorts = new HashSet<>();
    private Manifests release;
    private int installs;
    private int upgrades;
    private int kubectl;

    Replay(Path work) {
      this.work = work;
    }

    void check(List<Command> commands) {
      for (Command command : commands) {
        switch (command.tool()) {
          case "helm" -> helm(command);
          case "kubectl" -> kubectl(command);
          case "curl" -> curl(command);
          default -> kafka(command);
        }
      }
      assertThat(installs).as("helm install commands").isGreaterThanOrEqualTo(1);
      assertThat(upgrades).as("helm upgrade commands").isGreaterThanOrEqualTo(1);
      assertThat(kubectl).as("kubectl commands").isGreaterThan(10);
    }

    private static String option(List<String> args, String... names) {
      for (int i = 0; i < args.size() - 1; i++) {
        if (List.of(names).contains(args.get(i))) {
          return args.get(i + 1);
        }
      }
      return null;
    }

    /** Positional arguments: flags and the values of the flags that take one are left out. */
    private static List<String> positional(List<String> args) {
      Set<String> withValue =
          Set.of(
              "-n",
              "--namespace",
              "-f",
              "--values",
              "--set",
              "-l",
              "--since",
              "-o",
              "--image",
              "--from-literal",
              "--replicas",
              "--bootstrap-server",
              "--timeout");
      List<String> positional = new ArrayList<>();
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        if (withValue.contains(arg)) {
          i++;
        } else if (!arg.startsWith("-")) {
          positional.add(arg);
        }
      }
      return positional;
    }

    private void helm(Command command) {
      List<String> args = command.args();
      List<String> positional = positional(args);
      String sub = positional.get(0);
      String namespace = option(args, "-n", "--namespace");
      assertThat(namespace).as(command.text()).isNotNull();
      assertThat(namespaces).as(command.text() + ": namespace created before").contains(namespace);
      if (!sub.equals("install") && !sub.equals("upgrade")) {
        assertThat(sub).as(command.text()).isIn("history", "status", "get", "rollback", "list");
        return;
      }
      if (sub.equals("install")) {
        installs++;
      } else {
        upgrades++;
      }
      // No cluster here: the same arguments render with `helm template` instead.
      List<String> template = new ArrayList<>(List.of(HelmBinary.require().toString(), "template"));
      for (String arg : args.subList(args.indexOf(sub) + 1, args.size())) {
        if (!Set.of("--create-namespace", "--wait", "--atomic", "--install").contains(arg)) {
          template.add(arg);
        }
      }
      Path home = work.resolve("helm-home");
      ProcessResult rendered =
          ProcessResult.run(
              template,
              work,
              Map.of(
                  "HELM_CACHE_HOME", home.resolve("cache").toString(),
                  "HELM_CONFIG_HOME", home.resolve("config").toString(),
                  "HELM_DATA_HOME", home.resolve("data").toString()),
              2,
              TimeUnit.MINUTES);
      assertThat(rendered.exitCode()).as(command.text() + "\n" + rendered.stderr()).isZero();
      release = new Manifests(YamlDocument.parseAll(rendered.stdout()));
      for (YamlDocument deployment : release.ofKind("Deployment")) {
        for (YamlDocument container : deployment.list("spec.template.spec.containers")) {
          // An image without a registry host would be pulled from Docker Hub, where Keeplive's
          // images are not: the guide must set the registry it pushed them to.
          String image = container.string("image");
          assertThat(image.substring(0, image.indexOf('/')))
              .as(command.text() + ": registry of " + image)
              .contains(".");
          for (YamlDocument variable : container.list("env")) {
            String secret = variable.string("valueFrom.secretKeyRef.name");
            if (secret != null) {
              boolean rendersIt =
                  release.ofKind("Secret").stream().anyMatch(s -> secret.equals(s.name()));
              assertThat(rendersIt || secrets.contains(namespace + "/" + secret))
                  .as(command.text() + ": Secret " + namespace + "/" + secret + " exists")
                  .isTrue();
            }
          }
        }
      }
    }

    private void kubectl(Command command) {
      kubectl++;
      List<String> args = command.args();
      List<String> positional = positional(args);
      String namespace = option(args, "-n", "--namespace");
      if (positional.size() >= 3
          && positional.get(0).equals("create")
          && positional.get(1).equals("namespace")) {
        namespaces.add(positional.get(2));
        return;
      }
      if (args.contains("--raw")) {
        return;
      }
      assertThat(namespace).as(command.text() + ": names its namespace").isNotNull();
      assertThat(namespaces).as(command.text() + ": namespace created before").contains(namespace);
      String verb = positional.get(0);
      if (verb.equals("create")) {
        assertThat(positional.subList(0, 3))
            .as(command.text())
            .containsExactly("create", "secret", "generic");
        secrets.add(namespace + "/" + positional.get(3));
        return;
      }
      assertThat(release).as(command.text() + ": after a helm install").isNotNull();
      String selector = option(args, "-l", "--selector");
      if (selector != null) {
        String[] pair = selector.split("=", 2);
        assertThat(release.ofKind("Deployment"))
            .as(command.text() + ": selects pods of the release")
            .anyMatch(d -> pair[1].equals(d.map("spec.template.metadata.labels").get(pair[0])));
      }
      for (int i = 1; i < positional.size(); i++) {
        String reference = positional.get(i);
        Matcher slash = Pattern.compile("(deployment|deploy|svc|service)/(.+)").matcher(reference);
        if (slash.matches()) {
          exists(
              command, slash.group(1).startsWith("dep") ? "Deployment" : "Service", slash.group(2));
          if (verb.equals("port-forward")) {
            int remote = Integer.parseInt(positional.get(i + 1).split(":")[1]);
            assertThat(release.get("Service", slash.group(2)).list("spec.ports"))
                .as(command.text())
                .anyMatch(p -> String.valueOf(remote).equals(p.string("port")));
            forwardedPorts.add(Integer.parseInt(positional.get(i + 1).split(":")[0]));
          }
        }
      }
      if (positional.size() >= 3 && !positional.get(2).contains("/")) {
        String kind = positional.get(1);
        String name = positional.get(2);
        switch (kind) {
          case "deployment", "deployments" -> exists(command, "Deployment", name);
          case "endpoints", "svc", "service" -> exists(command, "Service", name);
          case "servicemonitor" -> exists(command, "ServiceMonitor", name);
          case "secret" -> assertThat(secrets).contains(namespace + "/" + name);
          case "pod" ->
              assertThat(release.ofKind("Deployment"))
                  .as(command.text() + ": a pod of a rendered Deployment")
                  .anyMatch(d -> name.startsWith(d.name() + "-"));
          default -> {}
        }
      }
    }

    private void exists(Command command, String kind, String name) {
      assertThat(release.ofKind(kind))
          .as(command.text() + ": " + kind + " " + name + " is rendered")
          .anyMatch(o -> name.equals(o.name()));
    }

    private void curl(Command command) {
      String url =
          command.args().stream().filter(a -> a.contains("/actuator")).findFirst().orElseThrow();
      Matcher m = Pattern.compile("(?:https?://)?localhost:(\\d+)(/\\S*)").matcher(url);
      assertThat(m.matches()).as(command.text()).isTrue();
      int port = Integer.parseInt(m.group(1));
      String path = m.group(2);
      assertThat(forwardedPorts).as(command.text() + ": port-forwarded before").contains(port);
      boolean management =
          path.equals("/actuator/prometheus")
              || path.equals("/actuator/live")
              || path.startsWith("/actuator/health/details");
      String portName = management ? "management" : "http";
      Set<Integer> ports = new TreeSet<>();
      for (YamlDocument deployment : release.ofKind("Deployment")) {
        for (YamlDocument p : deployment.list("spec.template.spec.containers[0].ports")) {
          if (portName.equals(p.string("name"))) {
            ports.add((Integer) p.at("containerPort"));
          }
        }
      }
      assertThat(ports)
          .as(command.text() + ": " + path + " is served on a " + portName + " port")
          .contains(port);
    }

    private void kafka(Command command) {
      assertThat(option(command.args(), "--bootstrap-server"))
          .as(command.text() + ": the Kafka tools need --bootstrap-server")
          .isNotBlank();
      String topic = option(command.args(), "--topic", "--entity-name");
      assertThat(topic).as(command.text()).isEqualTo("keeplive.notifications");
    }
  }

  /** The lower-case names of the constants of an enum in a source file, from its declaration on. */
  static Set<String> enumTags(String file, String declaration) {
    String code = RepositoryFiles.read(file);
    int start = code.indexOf(declaration);
    assertThat(start).as(declaration + " in " + file).isNotNegative();
    Set<String> tags = new TreeSet<>();
    // Constants up to the one that ends with ';' (javadoc sentences contain ';' too).
    Matcher constant =
        Pattern.compile("(?m)^\\s+([A-Z][A-Z0-9_]*)\\s*([,;])").matcher(code.substring(start));
    while (constant.find()) {
      tags.add(constant.group(1).toLowerCase(java.util.Locale.ROOT));
      if (constant.group(2).equals(";")) {
        break;
      }
    }
    return tags;
  }

  /** The first column of the backticked rows of a section's table. */
  static Set<String> documentedRows(String heading) {
    Set<String> documented = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| `([a-z_]+)` \\|").matcher(section(heading));
    while (row.find()) {
      documented.add(row.group(1));
    }
    return documented;
  }

  @Test
  void theRefetchFailureReasonsInTheRunbookAreTheOnesTheGatewayReports() {
    Set<String> reasons =
        enumTags(
            "live-gateway/src/main/java/io/keeplive/gateway/metrics/GatewayListener.java",
            "enum RefetchFailure {");
    assertThat(reasons).contains("timeout");
    assertThat(documentedRows("### KeepliveGatewayRefetchFailures")).isEqualTo(reasons);
  }

  @Test
  void theRelayErrorKindsInTheRunbookAreTheOnesTheRelayReports() {
    String code =
        RepositoryFiles.read(
            "notifier-relay/src/main/java/io/keeplive/relay/observability/RelayErrorKind.java");
    Set<String> kinds = new TreeSet<>();
    Matcher constant = Pattern.compile("(?m)^\\s+([A-Z][A-Z0-9_]*)\\s*[,;]").matcher(code);
    while (constant.find()) {
      kinds.add(constant.group(1).toLowerCase(java.util.Locale.ROOT));
    }
    assertThat(kinds).isNotEmpty();
    String section = section("### KeepliveRelayErrors");
    Set<String> documented = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| `([a-z_]+)` \\|").matcher(section);
    while (row.find()) {
      documented.add(row.group(1));
    }
    assertThat(documented).isEqualTo(kinds);
  }

  @Test
  void everyEnvironmentAliasOfThePackagedConfigurationIsDocumented() throws IOException {
    Set<String> aliases = new TreeSet<>();
    try (Stream<Path> files = Files.walk(RepositoryFiles.root(), 5)) {
      for (Path file :
          files
              .filter(p -> p.toString().matches(".*/src/main/resources/[^/]+\\.ya?ml"))
              .filter(p -> !p.toString().contains("/node_modules/"))
              .toList()) {
        Matcher placeholder =
            Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(Files.readString(file));
        while (placeholder.find()) {
          aliases.add(placeholder.group(1));
        }
      }
    }
    assertThat(aliases).contains("KEEPLIVE_JWT_SECRET");
    String section = section("## Configuration");
    assertThat(aliases).allSatisfy(alias -> assertThat(section).contains("| `" + alias + "` |"));
  }

  @Test
  void everyEmbeddedStackPropertyIsDocumented() {
    String code =
        RepositoryFiles.read("embedded-stack/src/main/java/io/keeplive/stack/StackSettings.java");
    Set<String> properties = new TreeSet<>();
    Matcher m =
        Pattern.compile("intProperty\\(\"([a-z-]+)\"|\"keeplive\\.stack\\.([a-z-]+)\"")
            .matcher(code);
    while (m.find()) {
      properties.add("keeplive.stack." + (m.group(1) != null ? m.group(1) : m.group(2)));
    }
    assertThat(properties).hasSizeGreaterThan(3);
    String section = section("## Configuration");
    assertThat(properties).allSatisfy(p -> assertThat(section).contains("| `" + p + "` |"));
  }

  @Test
  void everyAlertHasARunbookThatNamesTheMetricsItReads() {
    Manifests release =
        io.keeplive.deploy.helm.Helm.render(List.of("helm/keeplive/ci/production-values.yaml"));
    List<YamlDocument> rules =
        release.get("PrometheusRule", "kl-keeplive").list("spec.groups[0].rules");
    for (YamlDocument rule : rules) {
      String section = section("### " + rule.string("alert"));
      Matcher metric = Pattern.compile("\\b([a-z_]+)\\{").matcher(rule.string("expr"));
      while (metric.find()) {
        String name = metric.group(1).replaceAll("_bucket$", "");
        assertThat(section).as(rule.string("alert")).contains(name);
      }
    }
  }

  /** The text from a heading to the next heading of the same or a higher level. */
  static String section(String heading) {
    String guide = RepositoryFiles.read(GUIDE);
    int start = guide.indexOf("\n" + heading + "\n");
    assertThat(start).as(heading).isNotNegative();
    String level = heading.substring(0, heading.indexOf(' ') + 1);
    Matcher next = Pattern.compile("\n#{1," + (level.length() - 1) + "} ").matcher(guide);
    int end = next.find(start + heading.length() + 1) ? next.start() : guide.length();
    return guide.substring(start, end);
  }
}
