package io.keeplive.resource.live;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code keeplive.live-api.*}: who may call the live API and how much one call may ask for.
 *
 * @param serviceToken the gateways' shared secret, sent as {@code Keeplive-Service-Token};
 *     defaulted in development mode, required outside it (see {@code ServiceCredential})
 * @param maxActors most distinct actor tokens one {@code /api/live/query} call may carry (a token
 *     repeated in one call counts once); the gateway splits larger batches
 * @param maxChangedIds most {@code changed_ids} one call may carry; the gateway reads in full
 *     beyond
 * @param maxAnswerBytes largest answer one call may produce; a larger one is refused with {@code
 *     answer_too_large} (and the gateway asks again with fewer actors), so one call can never make
 *     this service hold more than about this much for its answer
 */
@ConfigurationProperties("keeplive.live-api")
public record LiveApiProperties(
    String serviceToken,
    @DefaultValue("200") int maxActors,
    @DefaultValue("1000") int maxChangedIds,
    @DefaultValue("8MB") DataSize maxAnswerBytes) {

  public LiveApiProperties {
    // A limit below one would refuse every call the gateway makes.
    if (maxActors < 1 || maxChangedIds < 1 || maxAnswerBytes.toBytes() < 1024) {
      throw new IllegalArgumentException(
          "keeplive.live-api: max-actors and max-changed-ids must be at least 1 and"
              + " max-answer-bytes at least 1KB");
    }
  }
}
