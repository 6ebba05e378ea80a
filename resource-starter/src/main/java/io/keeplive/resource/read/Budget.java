package io.keeplive.resource.read;

import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * How much a batch read may hold: each distinct row weighs {@code rowWeight} of it, each reference
 * of an actor to a row {@code referenceWeight} of that row. The caller chooses the weights (the
 * live API weighs a row by the bytes of its JSON), so the bound is on what the answer will cost,
 * not on row counts.
 *
 * @param limit most weight one batch may reach
 * @param rowWeight weight of one distinct row
 * @param referenceWeight weight of one actor's reference to a row (an index into the distinct rows,
 *     or the row again when every actor's rows are answered inline)
 */
public record Budget(
    long limit,
    ToLongFunction<Map<String, Object>> rowWeight,
    ToLongFunction<Map<String, Object>> referenceWeight) {

  public static final Budget UNLIMITED = new Budget(Long.MAX_VALUE, row -> 0, row -> 0);

  /** A batch read outweighed its budget; the statement was cancelled. */
  public static final class Exceeded extends RuntimeException {
    Exceeded(long limit) {
      super("the answer would exceed " + limit + " bytes", null, false, false);
    }
  }
}
