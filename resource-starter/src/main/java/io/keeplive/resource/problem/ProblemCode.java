package io.keeplive.resource.problem;

import java.util.Locale;
import org.springframework.http.HttpStatus;

/**
 * The closed set of problem codes, sent as the {@code code} member of every problem document, each
 * with its own RFC 9457 {@code type} URI ({@link #type}), so a client can tell problems apart by
 * type as the RFC intends and by {@code code} as earlier clients do. The live API uses {@link
 * #BAD_REQUEST}, {@link #UNKNOWN_RESOURCE}, {@link #UNAUTHORIZED}, {@link #FORBIDDEN}, {@link
 * #SERVICE_UNAUTHORIZED} and {@link #ANSWER_TOO_LARGE}.
 */
public enum ProblemCode {
  /** Malformed JSON, unknown fields, wrong types, bad ids or filters: the request is unreadable. */
  BAD_REQUEST(HttpStatus.BAD_REQUEST, "bad_request", "Bad request"),
  /** Readable but violates a constraint: too long, missing, not one of the allowed values. */
  INVALID(HttpStatus.UNPROCESSABLE_CONTENT, "bad_request", "Invalid value"),
  UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized"),
  /**
   * A live API call without the gateways' service credential (or with a wrong one): apart from
   * {@link #UNAUTHORIZED} so a gateway can tell its own misconfiguration from a user's bad token.
   */
  SERVICE_UNAUTHORIZED(
      HttpStatus.UNAUTHORIZED, "service_unauthorized", "Service credential required"),
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
  /**
   * A live API call whose answer would exceed the configured size: the caller asks again with fewer
   * actors (or a smaller limit).
   */
  ANSWER_TOO_LARGE(HttpStatus.UNPROCESSABLE_CONTENT, "answer_too_large", "Answer too large"),
  INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error");

  /** Base of every problem type URI; documented per type in the OpenAPI document. */
  public static final String TYPE_BASE = "https://keeplive.io/problems/";

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

  /**
   * The RFC 9457 {@code type}: one URI per constant (so {@link #INVALID}, whose {@code code} is
   * {@code bad_request} for older clients, still has its own type {@code …/invalid}).
   */
  public String type() {
    return TYPE_BASE + name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
