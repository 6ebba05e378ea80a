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
 * <p>Attribute values from requests are decoded here too ({@link
 * io.keeplive.resource.read.Values}), because queries need them first; {@code rest} uses the same
 * decoding for bodies.
 *
 * <p>Non-blocking (R2DBC). Depends on {@code declaration}, {@code policy}, {@code store}, {@code
 * problem}.
 */
package io.keeplive.resource.read;
