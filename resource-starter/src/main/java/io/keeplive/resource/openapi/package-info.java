/**
 * The OpenAPI 3.1 document ({@code GET /v3/api-docs}), generated at startup from the declarations
 * and the same endpoint list the router uses, so it always describes exactly the routes served: row
 * schemas with types and constraints, request bodies that refuse unknown members, filters, sort,
 * limit, {@code If-Match}, {@code Idempotency-Key}, and problem responses.
 *
 * <p>Depends on {@code declaration}, {@code rest} and {@code problem} (the problem types it lists).
 */
package io.keeplive.resource.openapi;
