/**
 * The Postgres side of declared resources: {@link io.keeplive.resource.store.Sql} builds one
 * statement with positional parameters, {@link io.keeplive.resource.store.RowCodec} decodes rows
 * into records (ordered maps keyed by attribute name).
 *
 * <p>Invariant: request values only ever reach SQL as bound parameters; identifiers (tables,
 * columns) come from declarations.
 *
 * <p>Depends on {@code declaration}, Spring R2DBC and the R2DBC SPI.
 */
package io.keeplive.resource.store;
