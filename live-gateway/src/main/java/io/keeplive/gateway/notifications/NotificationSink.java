package io.keeplive.gateway.notifications;

import io.keeplive.contracts.notification.ResourceChanged;
import io.keeplive.gateway.refetch.CohortRegistry;

/** Where the notification consumer hands what it reads: the cohort registry, or a test's record. */
public interface NotificationSink {

  /** One decoded notification, in the order of its partition. */
  void notified(ResourceChanged event);

  /**
   * Notifications this instance should have read may be lost to it (they left Kafka's log first, or
   * sessions were accepted before the consumer's positions were fixed): every view must be read
   * afresh. Called only after the consumer's new positions are fixed, so every change the fresh
   * reads miss is read from Kafka later.
   */
  void skipped();

  /** The registry: notifications make cohorts dirty; a gap makes every cohort dirty. */
  static NotificationSink of(CohortRegistry registry) {
    return new NotificationSink() {
      @Override
      public void notified(ResourceChanged event) {
        registry.onNotification(event);
      }

      @Override
      public void skipped() {
        registry.refetchAll();
      }
    };
  }
}
