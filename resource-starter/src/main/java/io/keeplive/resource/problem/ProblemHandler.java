package io.keeplive.resource.problem;

import io.keeplive.contracts.identity.ServiceCredential;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders every failure of every route as {@code application/problem+json}, including the ones
 * WebFlux raises itself (no route, wrong method, wrong media type). Ordered before Boot's error
 * handler so no other error format ever leaves this service.
 */
@Order(-2)
public final class ProblemHandler implements WebExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  private final JsonMapper json;

  public ProblemHandler(JsonMapper json) {
    this.json = json;
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
    if (exchange.getResponse().isCommitted()) {
      return Mono.error(failure);
    }
    ApiProblem problem = toProblem(failure);
    ObjectNode body = document(json, problem, exchange.getRequest().getPath().value());
    byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    var response = exchange.getResponse();
    response.setStatusCode(problem.code().status());
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (problem.code() == ProblemCode.UNAUTHORIZED) {
      response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    } else if (problem.code() == ProblemCode.SERVICE_UNAUTHORIZED) {
      response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, ServiceCredential.HEADER);
    }
    DataBuffer buffer = response.bufferFactory().wrap(bytes);
    return response.writeWith(Mono.just(buffer));
  }

  /** The RFC 9457 document of a problem, with the {@code code} and {@code field} extensions. */
  public static ObjectNode document(JsonMapper json, ApiProblem problem, String instance) {
    ObjectNode body = json.createObjectNode();
    body.put("type", problem.code().type());
    body.put("title", problem.code().title());
    body.put("status", problem.code().status().value());
    body.put("detail", problem.detail());
    body.put("code", problem.code().wireName());
    if (problem.field() != null) {
      body.put("field", problem.field());
    }
    if (instance != null) {
      body.put("instance", instance);
    }
    return body;
  }

  static ApiProblem toProblem(Throwable failure) {
    if (failure instanceof ApiProblem problem) {
      return problem;
    }
    if (failure instanceof DataIntegrityViolationException) {
      return new ApiProblem(
          ProblemCode.CONFLICT, null, "the write conflicts with a concurrent change; retry");
    }
    if (failure instanceof DataBufferLimitException) {
      return new ApiProblem(ProblemCode.PAYLOAD_TOO_LARGE, "body", "body: the body is too large");
    }
    if (failure instanceof ResponseStatusException status) {
      HttpStatus code = HttpStatus.resolve(status.getStatusCode().value());
      if (code == HttpStatus.NOT_FOUND) {
        return new ApiProblem(ProblemCode.NOT_FOUND, null, "no such route");
      }
      if (code == HttpStatus.METHOD_NOT_ALLOWED) {
        return new ApiProblem(
            ProblemCode.METHOD_NOT_ALLOWED, null, "method not allowed on this route");
      }
      if (code == HttpStatus.UNSUPPORTED_MEDIA_TYPE) {
        return new ApiProblem(ProblemCode.UNSUPPORTED_MEDIA_TYPE, null, "send application/json");
      }
      if (code != null && code.is4xxClientError()) {
        return ApiProblem.badRequest(null, String.valueOf(status.getReason()));
      }
    }
    log.error("Unexpected failure while handling a request", failure);
    return new ApiProblem(ProblemCode.INTERNAL, null, "internal error");
  }
}
