package io.keeplive.resource.identity;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.contracts.identity.TokenVerification;
import io.keeplive.contracts.identity.TokenVerifier;
import io.keeplive.resource.problem.ApiProblem;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Turns {@code Authorization: Bearer <jwt>} into the caller's {@link Identity} for every {@code
 * /api/**} request. A missing, malformed, badly signed or expired token ends the request with a 401
 * problem before any handler runs.
 *
 * <p>{@code POST /api/live/query} and {@code POST /api/live/plans} are the exceptions: their bodies
 * carry one token per actor, each verified on its own, so they need no caller token (the gateways'
 * service credential, checked before this filter, admits it).
 */
public final class BearerAuthentication implements WebFilter {

  private static final String IDENTITY = Identity.class.getName();
  private static final String PREFIX = "Bearer ";

  private final TokenVerifier verifier;

  BearerAuthentication(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  /** The verified caller of a request that passed this filter. */
  public static Identity identity(ServerWebExchange exchange) {
    Identity identity = exchange.getAttribute(IDENTITY);
    if (identity == null) {
      throw ApiProblem.unauthorized("no bearer token");
    }
    return identity;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    if (!path.startsWith("/api/")
        || path.equals("/api/live/query")
        || path.equals("/api/live/plans")) {
      return chain.filter(exchange);
    }
    TokenVerification verification =
        verify(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
    if (verification instanceof TokenVerification.Verified verified) {
      exchange.getAttributes().put(IDENTITY, verified.identity());
      return chain.filter(exchange);
    }
    return Mono.error(
        ApiProblem.unauthorized(((TokenVerification.Rejected) verification).message()));
  }

  private TokenVerification verify(String header) {
    Optional<String> token =
        Optional.ofNullable(header)
            .filter(value -> value.regionMatches(true, 0, PREFIX, 0, PREFIX.length()))
            .map(value -> value.substring(PREFIX.length()).trim());
    if (token.isEmpty()) {
      return new TokenVerification.Rejected(
          TokenVerification.Reason.MALFORMED, "missing Authorization: Bearer token");
    }
    return verifier.verify(token.get());
  }
}
