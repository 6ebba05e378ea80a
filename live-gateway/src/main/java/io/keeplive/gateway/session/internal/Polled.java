package io.keeplive.gateway.session.internal;

import io.keeplive.gateway.protocol.CloseCode;
import io.keeplive.gateway.protocol.RowFrame;

/**
 * What {@link SendQueue#poll} hands the connection: a frame to write, or the instruction to close.
 */
public sealed interface Polled {

  record Text(String frame) implements Polled {}

  /** A row message, pre-encoded but for the subscription's id and seq. */
  record Encoded(RowFrame frame) implements Polled {}

  record Close(CloseCode code) implements Polled {}

  /** A WebSocket ping (liveness of an idle connection). */
  record Ping() implements Polled {}
}
