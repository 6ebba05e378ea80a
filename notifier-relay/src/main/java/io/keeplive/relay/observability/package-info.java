/**
 * What the relay tells the outside world about itself.
 *
 * <p>The engine reports progress and failures only through {@link
 * io.keeplive.relay.observability.RelayListener}, whose methods all default to no-ops. {@link
 * io.keeplive.relay.observability.RelayMetrics} is the listener that turns the calls into the
 * metrics named in {@link io.keeplive.relay.observability.RelayMetric} (the single list of the
 * relay's metric names, matching docs/architecture.md); tests plug in recording listeners. Failure
 * kinds are the closed enum {@link io.keeplive.relay.observability.RelayErrorKind}, which is also
 * the only metric tag, so cardinality is fixed.
 *
 * <p>Listener methods are called on the relay's threads (lanes, producer I/O thread, sampler); an
 * implementation must be thread-safe and must not block.
 *
 * <p>Depends on nothing of the relay: the other features report to it.
 */
package io.keeplive.relay.observability;
