/**
 * Policies, twice: {@link io.keeplive.resource.policy.PolicySql} renders a read policy as a SQL
 * boolean expression (so reads are filtered by Postgres, never loaded and then filtered), and
 * {@link io.keeplive.resource.policy.PolicyEvaluator} evaluates any policy on a record in memory
 * (write policies on the locked row). The two must agree on every row and actor; a jqwik property
 * test checks that for every declared resource.
 *
 * <p>{@link io.keeplive.resource.policy.ActorSql} abstracts where the actor's policy inputs
 * (tenant, user, roles) come from, which is what lets one statement answer many actors at once.
 *
 * <p>Stateless and thread-safe. Depends on {@code declaration} and {@code store}.
 */
package io.keeplive.resource.policy;
