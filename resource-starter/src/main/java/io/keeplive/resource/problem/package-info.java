/**
 * RFC 9457 problems. Anything that refuses a request throws {@link
 * io.keeplive.resource.problem.ApiProblem} with a {@link io.keeplive.resource.problem.ProblemCode}
 * and, where one is to blame, the request field; {@link
 * io.keeplive.resource.problem.ProblemHandler} is the single place that turns failures into {@code
 * application/problem+json}.
 *
 * <p>Invariant: a problem is raised before the write transaction commits, so a refused request
 * changes nothing. Unexpected exceptions become a 500 {@code internal} problem without internals in
 * the body.
 *
 * <p>Depends on Spring WebFlux and Jackson only.
 */
package io.keeplive.resource.problem;
