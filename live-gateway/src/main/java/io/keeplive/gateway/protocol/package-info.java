/**
 * The wire protocol {@code keeplive.v1} (SPEC §4): client messages and their total parser, server
 * message rendering, error codes and close codes.
 *
 * <p>Pure and stateless: no Spring, no I/O, no session state. Parsing never throws: a frame that is
 * not JSON, not an object, of an unknown type, or with a field of the wrong type becomes a {@link
 * io.keeplive.gateway.protocol.ClientMessages.Refused} that the session answers with {@code
 * error}/{@code bad_request}. The parser checks shape and local limits only ({@code limit} ≤ the
 * configured maximum, id length); whether a resource or attribute exists is decided by
 * resource-service when the subscription is planned. The closed sets ({@link
 * io.keeplive.gateway.protocol.ErrorCode}, {@link io.keeplive.gateway.protocol.CloseCode}, {@link
 * io.keeplive.gateway.protocol.Mode}) are exactly those of SPEC §4.
 *
 * <p>Every message about a subscription carries its {@code id} and {@code seq}; {@code seq} values
 * are assigned by the session at the moment a message is written, never here. Row messages are also
 * available pre-encoded ({@link io.keeplive.gateway.protocol.RowFrame}: the row and its position as
 * UTF-8 once, the id and {@code seq} spliced per session), byte for byte the text {@link
 * io.keeplive.gateway.protocol.ServerMessages#row} renders.
 *
 * <p>Depends on no other part of the gateway: the others build on it.
 */
package io.keeplive.gateway.protocol;
