package io.keeplive.resource.problem;

import org.springframework.http.HttpStatus;

/**
 * The closed set of problem codes, sent as the {@code code} member of every problem document. The
 * live API uses only {@link #BAD_REQUEST}, {@link #UNKNOWN_RESOURCE}, {@link #UNAUTHORIZED} and
 * {@link #FORBIDDEN}.
 */
public enum ProblemCode {
  /** Malformed JSON, unknown fields, wrong types, bad ids or filters: the request is unreadable. */
  BAD_REQUEST(HttpStatus.BAD_REQUEST, "bad_request", "Bad request"),
  /** Readable but violates a constraint: too long, missing, not one of the allowed values. */
  INVALID(HttpStatus.UNPROCESSABLE_CONTENT, "bad_request", "Invalid value"),
  UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized"),
  FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", "Forbidden"),
  /** Missing or not visible to the caller: the two are deliberately indistinguishable. */
  NOT_FOUND(HttpStatus.NOT_FOUND, "not_found", "Not found"),
  UNKNOWN_RESOURCE(HttpStatus.NOT_FOUND, "unknown_resource", "Unknown resource"),
  VERSION_MISMATCH(HttpStatus.PRECONDITION_FAILED, "version_mismatch", "Version mismatch"),
  IDEMPOTENCY_KEY_REUSED(
      HttpStatus.UNPROCESSABLE_CONTENT, "idempotency_key_reused", "Idempotency key reused"),
  /** The write collides with a concurrent change (e.g. its parent was deleted meanwhile). */
  CONFLICT(HttpStatus.CONFLICT, "conflict", "Conflict"),
  PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large", "Payload too large"),
  METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "Method not allowed"),
  UNSUPPORTED_MEDIA_TYPE(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "Unsupported media type"),
  INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error");

  private final HttpStatus status;
  private final String wireName;
  private final String title;

  ProblemCode(HttpStatus status, String wireName, String title) {
    this.status = status;
    this.wireName = wireName;
    this.title = title;
  }

  public HttpStatus status() {
    return status;
  }

  public String wireName() {
    return wireName;
  }

  public String title() {
    return title;
  }
}
