package io.keeplive.resource.live;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code keeplive.live.*}.
 *
 * @param poolSize database connections reserved for the live API ({@code /api/live/*}), apart from
 *     the pool the REST reads and writes use: the gateway's refetches then never queue behind write
 *     transactions, which is what kept pushes waiting when writes saturated the service; 0 shares
 *     the main pool
 */
@ConfigurationProperties("keeplive.live")
public record LiveProperties(@DefaultValue("8") int poolSize) {}
