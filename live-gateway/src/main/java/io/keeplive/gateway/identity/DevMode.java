package io.keeplive.gateway.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code keeplive.dev-mode}: the embedded stack's development mode.
 *
 * @param devMode allows the development JWT secret and exposes {@code POST /dev/token}; never on in
 *     production
 */
@ConfigurationProperties("keeplive")
public record DevMode(boolean devMode) {}
