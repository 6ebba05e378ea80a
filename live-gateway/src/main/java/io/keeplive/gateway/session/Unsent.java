package io.keeplive.gateway.session;

/**
 * A session's unsent output in bytes.
 *
 * @param now queued plus held by the connection
 * @param highWater the most it ever was (after the queue settled each change)
 * @param bound {@code max-unsent-bytes}
 */
record Unsent(long now, long highWater, long bound) {}
