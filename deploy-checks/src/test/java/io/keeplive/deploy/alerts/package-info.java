/**
 * The chart's alert rules and the dashboard's queries checked with Prometheus' own {@code
 * promtool}: syntax and annotation templates ({@code check rules}, {@code check config}) and
 * behaviour ({@code test rules} with the scenarios of {@code alert-rule-tests.yaml}, one per alert,
 * each with a case where it must stay silent). The rules are rendered by the real helm with the
 * production-like values, so thresholds and label selectors are the ones operators get. Skipped
 * where promtool (Debian package {@code prometheus}) is not installed.
 */
package io.keeplive.deploy.alerts;
