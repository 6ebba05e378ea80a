/**
 * The whole Keeplive stack in one JVM, on embedded defaults: a real PostgreSQL (embedded binaries),
 * a real Apache Kafka broker in KRaft mode (from the Kafka jars), resource-service, notifier-relay
 * and live-gateway.
 *
 * <h2>Lifecycle</h2>
 *
 * {@link io.keeplive.stack.EmbeddedStack#start} starts, in order: PostgreSQL and Kafka (unless
 * given), resource-service (which runs the Flyway migrations), notifier-relay, live-gateway. Each
 * service is its own Spring application context built from the service's own {@code application()}
 * factory, exactly as it runs alone, so the embedded stack exercises the same configuration as a
 * deployment. Settings are passed as command-line arguments, which take precedence over each
 * service's own {@code <service>.yml}. {@link io.keeplive.stack.EmbeddedStack#close} stops them in
 * reverse order: gateway first, so clients are told to reconnect before the data behind them goes
 * away.
 *
 * <h2>Development mode</h2>
 *
 * The stack always runs with {@code keeplive.dev-mode=true} and the development JWT secret, so the
 * gateway serves {@code POST /dev/token} and the demo page. The services refuse that secret outside
 * development mode.
 *
 * <h2>Dependencies</h2>
 *
 * This module is the only one that depends on all three services; the services never depend on each
 * other (checked by an architecture test). The cross-service (end-to-end) tests live in this
 * module's test sources.
 */
package io.keeplive.stack;
