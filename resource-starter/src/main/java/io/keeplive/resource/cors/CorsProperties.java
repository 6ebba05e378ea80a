package io.keeplive.resource.cors;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code keeplive.cors.*}.
 *
 * @param allowedOrigins origins whose pages may call the REST API, as exact origins ({@code
 *     https://app.example.com}) or patterns ({@code http://localhost:[*]}); empty (the default)
 *     disables cross-origin access
 */
@ConfigurationProperties("keeplive.cors")
public record CorsProperties(@DefaultValue List<String> allowedOrigins) {}
