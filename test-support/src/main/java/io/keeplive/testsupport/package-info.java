/**
 * Shared test infrastructure: one real PostgreSQL and one real Apache Kafka broker (KRaft) per JVM.
 *
 * <h2>Why singletons</h2>
 *
 * Starting PostgreSQL takes about a second and a KRaft broker about four; a suite that started them
 * per class would spend most of its time booting. {@link io.keeplive.testsupport.Postgres} and
 * {@link io.keeplive.testsupport.Kafka} start lazily on first use and stop in a JVM shutdown hook.
 * Isolation between test classes comes from data, not from servers: each class asks for its own
 * database ({@link io.keeplive.testsupport.Postgres#newDatabase}) and its own topic names, and
 * tenant ids are random per test.
 *
 * <h2>Kafka selection</h2>
 *
 * {@code -Dkeeplive.test.kafka=embedded|child|testcontainers|auto} (default {@code auto}): with
 * {@code auto}, Testcontainers is used only when a Docker engine answers; otherwise the broker runs
 * in this JVM from the Kafka jars. {@code child} runs the same broker in a child JVM of its own
 * (benchmarks use it, so the broker's GC and JIT stay out of the measured JVM). The suite must pass
 * on machines without Docker.
 *
 * <h2>Also used at run time</h2>
 *
 * The embedded stack (module {@code embedded-stack}) starts the same servers, on fixed ports, for
 * the development command of the README.
 */
package io.keeplive.testsupport;
