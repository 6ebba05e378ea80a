package io.keeplive.resource;

import io.keeplive.contracts.identity.ServiceCredential;
import io.keeplive.contracts.identity.TokenVerifier;
import io.keeplive.resource.cors.CorsProperties;
import io.keeplive.resource.cors.CrossOriginConfiguration;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.declaration.Resources;
import io.keeplive.resource.identity.IdentityConfiguration;
import io.keeplive.resource.identity.KeepliveProperties;
import io.keeplive.resource.live.LiveApiProperties;
import io.keeplive.resource.live.LiveConnections;
import io.keeplive.resource.live.LiveFailures;
import io.keeplive.resource.live.LiveProperties;
import io.keeplive.resource.live.LiveRoutes;
import io.keeplive.resource.live.ServiceCredentialFilter;
import io.keeplive.resource.metrics.LiveMetrics;
import io.keeplive.resource.metrics.WriteMetrics;
import io.keeplive.resource.openapi.OpenApiRoutes;
import io.keeplive.resource.outbox.OutboxWriter;
import io.keeplive.resource.outbox.PostgresOutboxWriter;
import io.keeplive.resource.policy.PolicyEvaluator;
import io.keeplive.resource.policy.PolicySql;
import io.keeplive.resource.problem.ProblemHandler;
import io.keeplive.resource.read.Reads;
import io.keeplive.resource.rest.ResourceRoutes;
import io.keeplive.resource.write.IdempotencyProperties;
import io.keeplive.resource.write.IdempotencyPurge;
import io.keeplive.resource.write.WriteListener;
import io.keeplive.resource.write.WriteListeners;
import io.keeplive.resource.write.Writes;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the application's {@link ResourceDeclaration} beans into the generic machinery: REST
 * routes, policy-checked reads, transactional writes with their outbox rows, the live API and the
 * OpenAPI document. An application declares its resources as beans and adds the migrations of their
 * tables; every bean here backs off when the application defines its own of the same type.
 */
@AutoConfiguration(
    // Its event loops must exist before the web server's auto-configuration offers the shared ones.
    before = NettyReactiveWebServerAutoConfiguration.class)
@ConditionalOnBean(ResourceDeclaration.class)
@EnableConfigurationProperties({
  KeepliveProperties.class,
  LiveApiProperties.class,
  LiveProperties.class,
  IdempotencyProperties.class,
  CorsProperties.class
})
@Import({IdentityConfiguration.class, CrossOriginConfiguration.class})
public class KeepliveResourceAutoConfiguration {

  /**
   * Netty event loops of this application only. Boot's default shares Reactor Netty's global loops,
   * which the first application context to close disposes; with three services in one JVM (the
   * embedded stack) that would stop the other servers.
   */
  @Bean
  @ConditionalOnMissingBean
  ReactorResourceFactory reactorResourceFactory() {
    ReactorResourceFactory factory = new ReactorResourceFactory();
    factory.setUseGlobalResources(false);
    return factory;
  }

  /** Renders every failure of every route as problem+json (before WebFlux's default handler). */
  @Bean
  @ConditionalOnMissingBean
  ProblemHandler problemHandler(JsonMapper json) {
    return new ProblemHandler(json);
  }

  @Bean
  @ConditionalOnMissingBean
  Resources resources(List<ResourceDeclaration> declarations) {
    return new Resources(declarations);
  }

  @Bean
  @ConditionalOnMissingBean
  PolicySql policySql(Resources resources) {
    return new PolicySql(resources);
  }

  @Bean
  @ConditionalOnMissingBean
  PolicyEvaluator policyEvaluator(Resources resources) {
    return new PolicyEvaluator(resources);
  }

  @Bean
  @ConditionalOnMissingBean
  Reads reads(DatabaseClient database, PolicySql policies) {
    return new Reads(database, policies);
  }

  /** Replace with a {@code @Primary} bean to change how notifications are stored. */
  @Bean
  @ConditionalOnMissingBean
  OutboxWriter outboxWriter(DatabaseClient database) {
    return new PostgresOutboxWriter(database);
  }

  @Bean
  @ConditionalOnMissingBean
  WriteMetrics writeMetrics(MeterRegistry registry) {
    return new WriteMetrics(registry);
  }

  @Bean
  @ConditionalOnMissingBean
  Writes writes(
      DatabaseClient database,
      ReactiveTransactionManager transactionManager,
      Reads reads,
      PolicyEvaluator policies,
      Resources resources,
      OutboxWriter outbox,
      ObjectProvider<WriteListener> listeners,
      IdempotencyProperties idempotency) {
    return new Writes(
        database,
        TransactionalOperator.create(transactionManager),
        reads,
        policies,
        resources,
        outbox,
        new WriteListeners(listeners.orderedStream().toList()),
        idempotency.retention());
  }

  /** Purges expired idempotency keys on a thread of its own (statements only; it never blocks). */
  @Bean
  @ConditionalOnMissingBean
  IdempotencyPurge idempotencyPurge(
      DatabaseClient database,
      IdempotencyProperties properties,
      ObjectProvider<WriteListener> listeners,
      Scheduler purgeScheduler) {
    return new IdempotencyPurge(
        database,
        properties,
        new WriteListeners(listeners.orderedStream().toList()),
        purgeScheduler);
  }

  @Bean(destroyMethod = "dispose")
  @ConditionalOnMissingBean
  Scheduler purgeScheduler() {
    return Schedulers.newSingle("keeplive-idempotency-purge", true);
  }

  @Bean
  RouterFunction<ServerResponse> resourceRoutes(
      Resources resources, Reads reads, Writes writes, JsonMapper json) {
    return new ResourceRoutes(resources, reads, writes, json).routes();
  }

  @Bean
  RouterFunction<ServerResponse> openApiRoutes(Resources resources) {
    return OpenApiRoutes.routes(resources);
  }

  /**
   * The live API's own connections (a bulkhead): under a write burst the main pool is held by write
   * transactions, and the gateway's refetches (every live push waits for one) would queue behind
   * them. Same database and options as the main pool.
   */
  @Bean(destroyMethod = "dispose")
  @ConditionalOnMissingBean
  LiveConnections liveConnections(ConnectionFactory connectionFactory, LiveProperties properties) {
    return LiveConnections.of(connectionFactory, properties.poolSize());
  }

  @Bean
  @ConditionalOnMissingBean
  LiveFailures liveFailures(MeterRegistry registry) {
    return new LiveFailures(new LiveMetrics(registry), Clock.systemUTC(), Duration.ofSeconds(10));
  }

  /**
   * The live API's door. Outside development mode the context fails to start without a configured
   * credential (or with the development one), so a production service never answers the live API to
   * anyone who can reach its port.
   */
  @Bean
  @ConditionalOnMissingBean
  ServiceCredentialFilter serviceCredentialFilter(
      LiveApiProperties properties, KeepliveProperties keeplive, LiveFailures failures) {
    return new ServiceCredentialFilter(
        ServiceCredential.resolve(properties.serviceToken(), keeplive.devMode()), failures);
  }

  @Bean
  RouterFunction<ServerResponse> liveRoutes(
      Resources resources,
      PolicySql policies,
      LiveConnections connections,
      TokenVerifier verifier,
      JsonMapper json,
      LiveApiProperties properties,
      LiveFailures failures) {
    Reads reads = new Reads(connections.client(), policies);
    return new LiveRoutes(resources, reads, verifier, json, properties, failures).routes();
  }
}
