package io.keeplive.chaos.check;

/** The properties the checker checks (names as they appear in reports). */
public final class Property {

  /** An acknowledged write is missing from the system of record. */
  public static final String LOST_WRITE = "lost_write";

  /** A view did not equal a fresh authorized REST query within the bound after the last fault. */
  public static final String NOT_CONVERGED = "not_converged";

  /** A row its user could not see under the read policy with the row's content. */
  public static final String UNAUTHORIZED_ROW = "unauthorized_row";

  /** A row, or a message, of another tenant. */
  public static final String FOREIGN_TENANT = "foreign_tenant";

  /** A row whose content matches no version the writes produced. */
  public static final String PHANTOM_ROW = "phantom_row";

  /** {@code seq} of a subscription skipped or repeated a number, or did not start with a result. */
  public static final String SEQ_GAP = "seq_gap";

  /** A view held the same row twice. */
  public static final String DUPLICATE_ROW = "duplicate_row";

  /** A committed outbox row never reached the Kafka topic. */
  public static final String UNPUBLISHED = "unpublished_outbox_row";

  /** A tenant's notifications on Kafka were not in commit (outbox position) order. */
  public static final String KAFKA_ORDER = "kafka_order";

  /** An acknowledged write without a committed outbox row. */
  public static final String NO_OUTBOX_ROW = "acknowledged_write_without_outbox_row";

  private Property() {}
}
