/**
 * Policy-filtered reads of declared resources: list queries ({@link
 * io.keeplive.resource.read.ListQuery}, parsed totally by {@link
 * io.keeplive.resource.read.QueryParser} from REST parameters or subscription JSON) and their
 * execution ({@link io.keeplive.resource.read.Reads}).
 *
 * <p>Invariants: every statement filters by the actor's tenant and renders the read policy into its
 * {@code WHERE} clause; every list is ordered by the requested keys then by {@code id}; the batch
 * form answers N actors with one statement and gives each exactly the single-actor answer.
 *
 * <p>Non-blocking (R2DBC). Depends on {@code declaration}, {@code policy}, {@code store} and {@code
 * problem} (undecodable values and queries are problems). Value decoding ({@link
 * io.keeplive.resource.read.Values}) and the JSON form of rows ({@link
 * io.keeplive.resource.read.RowJson}) live here because {@code rest}, {@code live} and {@code
 * write} all need them, and {@code rest} itself depends on {@code read}.
 */
package io.keeplive.resource.read;
