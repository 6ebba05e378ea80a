/**
 * A Keeplive cluster of separate processes on one machine, for trying a multi-instance deployment
 * without Kubernetes and for the chaos run: PostgreSQL (the embedded binaries started as a server),
 * a KRaft broker JVM, two of each service as JVMs of their own in production mode, HAProxy in
 * front. Processes are real: they are killed with real signals, and {@code down} finds them by
 * their PID files.
 *
 * <p>Depends on: nothing of Keeplive but the identity contract (token minting for {@code token}).
 */
package io.keeplive.chaos.cluster;
