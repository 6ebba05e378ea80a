package io.keeplive.conformance;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the checks of docs/backend-contract.md against one backend and reports each of them.
 *
 * <pre>
 * java -jar keeplive-conformance-kit-exec.jar \
 *   --baseUrl=http://localhost:8083 --jdbcUrl=jdbc:postgresql://localhost:5432/keeplive \
 *   --resource=tasks --createBody='{"title":"kit","project_id":"…"}'
 * </pre>
 *
 * Every {@code --name=value} is the parameter {@code keeplive.conformance.name} ({@link Target});
 * system properties of that name work too. The exit code is 0 when every check passed.
 */
public final class ConformanceKit {

  /** The checks, named rather than scanned so that the kit runs the same from any class path. */
  private static final List<String> CHECKS =
      List.of(
          "OutboxTableCheck",
          "OutboxWriteCheck",
          "OutboxOrderCheck",
          "LiveApiDoorCheck",
          "LivePlanCheck",
          "LivePlansCheck",
          "LiveQueryCheck");

  private ConformanceKit() {}

  /** Runs every check against {@code target}. */
  public static Report run(Target target) {
    return run(target.parameters());
  }

  /** Runs every check with these parameters (full names, {@code keeplive.conformance.*}). */
  public static Report run(Map<String, String> parameters) {
    List<ClassSelector> selectors = new ArrayList<>();
    for (String check : CHECKS) {
      selectors.add(selectClass(ConformanceKit.class.getPackageName() + ".checks." + check));
    }
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectors)
            .configurationParameters(parameters)
            .build();
    ConcurrentLinkedQueue<Report.Outcome> outcomes = new ConcurrentLinkedQueue<>();
    LauncherFactory.create()
        .execute(
            request,
            new TestExecutionListener() {
              @Override
              public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest()) {
                  outcomes.add(
                      new Report.Outcome(
                          nameOf(test),
                          result.getStatus() == TestExecutionResult.Status.SUCCESSFUL,
                          result.getThrowable().map(String::valueOf).orElse("")));
                }
              }
            });
    return new Report(new ArrayList<>(outcomes));
  }

  private static String nameOf(TestIdentifier test) {
    return test.getSource()
        .filter(MethodSource.class::isInstance)
        .map(MethodSource.class::cast)
        .map(
            m ->
                m.getClassName().substring(m.getClassName().lastIndexOf('.') + 1)
                    + "."
                    + m.getMethodName())
        .orElse(test.getDisplayName());
  }

  public static void main(String[] args) {
    Map<String, String> parameters = new HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        System.err.println("arguments are --name=value (see docs/backend-contract.md): " + arg);
        System.exit(2);
      }
      String name = arg.substring(2, arg.indexOf('='));
      parameters.put(Target.PREFIX + name, arg.substring(arg.indexOf('=') + 1));
    }
    Report report = run(parameters);
    System.out.println(report);
    System.exit(report.allPassed() ? 0 : 1);
  }
}
