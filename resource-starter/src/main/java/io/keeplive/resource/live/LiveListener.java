package io.keeplive.resource.live;

/** Observes the live API's failures; metrics hook in here. */
@FunctionalInterface
public interface LiveListener {

  LiveListener NONE = reason -> {};

  /**
   * A live API call, or one actor of a batch call, failed. {@code reason} is a lower_snake name
   * from a closed set (problem codes such as {@code bad_request}, {@code service_unauthorized},
   * {@code answer_too_large}; {@code actor_unauthorized} and {@code actor_forbidden} for one actor;
   * {@code internal} for anything unexpected), so it can be a metric tag.
   */
  void failed(String reason);
}
