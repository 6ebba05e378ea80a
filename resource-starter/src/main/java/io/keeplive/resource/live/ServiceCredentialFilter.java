package io.keeplive.resource.live;

import io.keeplive.contracts.identity.ServiceCredential;
import io.keeplive.resource.problem.ApiProblem;
import io.keeplive.resource.problem.ProblemCode;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The live API's door: every {@code /api/live/*} request must carry the gateways' service
 * credential ({@code Keeplive-Service-Token}), or it ends with a 401 {@code service_unauthorized}
 * problem before its body is read. Runs before the bearer check, so a caller without the credential
 * learns nothing about its user token either.
 */
public final class ServiceCredentialFilter implements WebFilter, Ordered {

  private static final String LIVE_API = "/api/live/";

  private final String expected;
  private final LiveFailures failures;

  public ServiceCredentialFilter(String expected, LiveFailures failures) {
    this.expected = expected;
    this.failures = failures;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    if (!path.startsWith(LIVE_API)) {
      return chain.filter(exchange);
    }
    String presented = exchange.getRequest().getHeaders().getFirst(ServiceCredential.HEADER);
    if (ServiceCredential.matches(expected, presented)) {
      // Every failure after the door too (bearer check, bad input, the read itself), whatever
      // raised it: all of them end up here before the problem handler renders them.
      return chain.filter(exchange).doOnError(failure -> failures.failed(path, failure));
    }
    String detail =
        presented == null
            ? "the live API needs the " + ServiceCredential.HEADER + " header"
            : "wrong " + ServiceCredential.HEADER;
    ApiProblem problem = new ApiProblem(ProblemCode.SERVICE_UNAUTHORIZED, null, detail);
    failures.failed(path, problem);
    return Mono.error(problem);
  }

  /** Before {@code BearerAuthentication} (unordered, so last). */
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 100;
  }
}
