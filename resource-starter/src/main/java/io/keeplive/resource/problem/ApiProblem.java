package io.keeplive.resource.problem;

import java.util.Objects;

/**
 * A request that cannot be served, as an RFC 9457 problem. Thrown (or emitted as a Reactor error)
 * anywhere while handling a request; {@link ProblemHandler} renders it. It never carries a stack
 * trace: it is an answer, not a bug.
 */
public final class ApiProblem extends RuntimeException {

  private final ProblemCode code;
  private final String field;

  public ApiProblem(ProblemCode code, String field, String detail) {
    super(Objects.requireNonNull(detail, "detail"), null, false, false);
    this.code = Objects.requireNonNull(code, "code");
    this.field = field;
  }

  public static ApiProblem badRequest(String field, String detail) {
    return new ApiProblem(ProblemCode.BAD_REQUEST, field, detail);
  }

  public static ApiProblem invalid(String field, String detail) {
    return new ApiProblem(ProblemCode.INVALID, field, detail);
  }

  public static ApiProblem unauthorized(String detail) {
    return new ApiProblem(ProblemCode.UNAUTHORIZED, null, detail);
  }

  public static ApiProblem forbidden(String detail) {
    return new ApiProblem(ProblemCode.FORBIDDEN, null, detail);
  }

  public static ApiProblem notFound(String resource, Object id) {
    return new ApiProblem(ProblemCode.NOT_FOUND, null, resource + " " + id + " not found");
  }

  public ProblemCode code() {
    return code;
  }

  /** The request field the problem is about ({@code title}, {@code filter.status}), or null. */
  public String field() {
    return field;
  }

  public String detail() {
    return getMessage();
  }
}
