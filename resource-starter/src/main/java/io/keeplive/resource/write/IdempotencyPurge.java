package io.keeplive.resource.write;

import io.keeplive.resource.declaration.AttributeType;
import io.keeplive.resource.store.Sql;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Deletes expired {@code idempotency_keys} rows every {@code purge-interval}, in statements of at
 * most {@code purge-batch} rows until none is left. Rows another instance is purging are skipped
 * ({@code SKIP LOCKED}), so replicas never wait on each other. Each purge is counted through the
 * {@link WriteListener} and logged; a failed one is logged and tried again at the next interval.
 */
public final class IdempotencyPurge implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(IdempotencyPurge.class);

  /** Most statements one purge runs, so one run ends even if keys expire faster than it deletes. */
  private static final int MAX_BATCHES_PER_RUN = 100;

  private final DatabaseClient database;
  private final IdempotencyProperties properties;
  private final WriteListener listener;
  private final Scheduler scheduler;
  private volatile Disposable running;

  public IdempotencyPurge(
      DatabaseClient database,
      IdempotencyProperties properties,
      WriteListener listener,
      Scheduler scheduler) {
    this.database = database;
    this.properties = properties;
    this.listener = listener;
    this.scheduler = scheduler;
  }

  /** Deletes every expired row (up to {@value #MAX_BATCHES_PER_RUN} batches); emits the count. */
  public Mono<Long> purgeOnce() {
    return Flux.range(0, MAX_BATCHES_PER_RUN)
        .concatMap(batch -> deleteBatch())
        .takeUntil(deleted -> deleted < properties.purgeBatch())
        .reduce(0L, Long::sum)
        .doOnNext(
            deleted -> {
              listener.idempotencyKeysPurged(deleted);
              if (deleted > 0) {
                log.info(
                    "Purged {} idempotency keys older than {}", deleted, properties.retention());
              }
            });
  }

  private Mono<Long> deleteBatch() {
    Sql sql = new Sql();
    sql.append("DELETE FROM idempotency_keys WHERE ctid = ANY(ARRAY(")
        .append("SELECT ctid FROM idempotency_keys WHERE created_at < now() - (")
        .append(sql.param((int) properties.retention().toSeconds(), AttributeType.INTEGER))
        .append(" * interval '1 second') LIMIT ")
        .append(sql.param(properties.purgeBatch(), AttributeType.INTEGER))
        .append(" FOR UPDATE SKIP LOCKED))");
    return sql.on(database).fetch().rowsUpdated();
  }

  @Override
  public void start() {
    Duration interval = properties.purgeInterval();
    running =
        Flux.interval(interval, interval, scheduler)
            .onBackpressureDrop()
            .concatMap(
                tick ->
                    purgeOnce()
                        .onErrorResume(
                            failure -> {
                              listener.idempotencyPurgeFailed();
                              log.warn(
                                  "Purging expired idempotency keys failed; next try in {}",
                                  interval,
                                  failure);
                              return Mono.empty();
                            }),
                1)
            .subscribe();
  }

  @Override
  public void stop() {
    Disposable current = running;
    if (current != null) {
      current.dispose();
    }
    running = null;
  }

  @Override
  public boolean isRunning() {
    return running != null;
  }
}
