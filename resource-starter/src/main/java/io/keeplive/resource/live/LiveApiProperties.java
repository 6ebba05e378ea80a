package io.keeplive.resource.live;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code keeplive.live-api.*}: who may call the live API and how much one call may ask for.
 *
 * @param serviceToken the gateways' shared secret, sent as {@code Keeplive-Service-Token};
 *     defaulted in development mode, required outside it (see {@code ServiceCredential})
 * @param maxActors most distinct actor tokens one {@code /api/live/query} or {@code
 *     /api/live/plans} call may carry (a token repeated in one call counts once); the gateway
 *     splits larger batches
 * @param maxChangedIds most {@code changed_ids} one call may carry; the gateway reads in full
 *     beyond
 * @param maxAnswerBytes largest answer one call may produce; a larger one is refused with {@code
 *     answer_too_large} (and the gateway asks again with fewer actors), so one call can never make
 *     this service hold more than about this much for its answer
 */
@ConfigurationProperties("keeplive.live-api")
@Validated
public record LiveApiProperties(
    String serviceToken,
    @DefaultValue("200") @Min(1) int maxActors,
    @DefaultValue("1000") @Min(1) int maxChangedIds,
    @DefaultValue("8MB") @NotNull DataSize maxAnswerBytes) {

  /**
   * A limit below one would refuse every call the gateway makes (checked by {@code @Validated}).
   */
  @AssertTrue(message = "max-answer-bytes must be at least 1KB")
  public boolean isMaxAnswerBytesAtLeastOneKilobyte() {
    return maxAnswerBytes == null || maxAnswerBytes.toBytes() >= 1024;
  }
}
