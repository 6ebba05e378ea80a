/**
 * The typed resource declaration language. A resource is a {@link
 * io.keeplive.resource.declaration.ResourceDeclaration} built with its builder: attributes with
 * types and constraints, actions (create, update, destroy, custom and bulk ones) with their write
 * policies, a read policy, and topic templates. Everything else in this service is derived from
 * these values; nothing here talks to a database or the network.
 *
 * <p>Invariants checked when a declaration is built: attribute and action names are unique; every
 * condition, effect and topic template names declared attributes; read policies use no action
 * arguments; write policies look at the row only (parent checks are expressed by nesting).
 *
 * <p>Policies are trees of {@link io.keeplive.resource.declaration.Condition} without negation, so
 * the SQL rendering and the in-memory evaluation agree on nulls.
 *
 * <p>Depends on nothing but shared-contracts ({@code ActionType}) and Spring's {@code HttpMethod}.
 */
package io.keeplive.resource.declaration;
