package io.keeplive.relay.observability;

import java.util.Locale;

/** The closed set of failures the relay reports; the value of the {@code kind} metric tag. */
public enum RelayErrorKind {
  /** A lane lost or could not open its database session; its shards are released. */
  DATABASE,
  /** Kafka did not acknowledge a record; the row stays in the outbox and is sent again. */
  PUBLISH,
  /** The topic could not be checked or created. */
  TOPIC,
  /** The LISTEN session failed; polling keeps the relay going meanwhile. */
  LISTEN,
  /** The backlog sample could not be taken. */
  BACKLOG;

  /** The tag value, e.g. {@code database}. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
