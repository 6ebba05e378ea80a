package io.keeplive.contracts.boot;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code keeplive.http-client.*}: the connection pool of a service's outgoing HTTP calls (the
 * gateway's live-API calls to resource-service).
 *
 * @param maxConnections connections open at once
 * @param pendingAcquireMax calls waiting for a connection; one more fails at once instead of
 *     queueing, so a slow resource-service cannot make the queue (and its memory) grow without end
 * @param pendingAcquireTimeout how long a call waits for a connection before it fails
 */
@Validated
@ConfigurationProperties("keeplive.http-client")
public record HttpClientPool(
    @DefaultValue("200") @Positive int maxConnections,
    @DefaultValue("1000") @Positive int pendingAcquireMax,
    @DefaultValue("10s") @NotNull Duration pendingAcquireTimeout) {}
