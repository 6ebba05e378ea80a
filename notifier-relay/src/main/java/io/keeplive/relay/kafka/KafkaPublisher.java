package io.keeplive.relay.kafka;

import io.keeplive.contracts.notification.NotificationCodec;
import io.keeplive.contracts.notification.ResourceChanged;
import io.keeplive.relay.observability.RelayErrorKind;
import io.keeplive.relay.observability.RelayListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends one batch of notifications and waits for every acknowledgement.
 *
 * <p>Record layout: key = tenant id (one tenant, one partition, one order); value = {@link
 * NotificationCodec#encode} (CloudEvents structured mode, the complete event); headers {@code
 * content-type} (which marks structured mode in the CloudEvents Kafka binding), plus {@code ce_id},
 * {@code ce_type} and {@code traceparent} copied from the event so that routers, tracing agents and
 * humans with a console consumer can see them without parsing the value. The value stays the one
 * truth that consumers decode.
 *
 * <p>Not thread-safe: a lane owns its publisher. After any failed send the producer is closed and
 * replaced, so records the failed producer still holds cannot interleave with the re-sent batch.
 */
public final class KafkaPublisher implements AutoCloseable {

  static final String CONTENT_TYPE_HEADER = "content-type";
  static final String ID_HEADER = "ce_id";
  static final String TYPE_HEADER = "ce_type";
  static final String TRACEPARENT_HEADER = "traceparent";

  private final String topic;
  private final Supplier<Map<String, Object>> config;
  private final RelayListener listener;
  private Producer<String, byte[]> producer;

  KafkaPublisher(String topic, Supplier<Map<String, Object>> config, RelayListener listener) {
    this.topic = topic;
    this.config = config;
    this.listener = listener;
  }

  /**
   * Sends all events in list order and blocks until each is acknowledged or failed.
   *
   * @return the indexes of the acknowledged events
   */
  public BitSet publish(List<ResourceChanged> events) {
    return send(events).await();
  }

  /**
   * Hands the events to the producer in list order and returns without waiting, so the caller can
   * prepare the next batch while Kafka works; {@link InFlight#await()} collects the outcome. At
   * most one batch may be in flight: the caller awaits it before sending the next. The first event
   * that fails inside the producer's {@code send()} ends the batch: the events after it are not
   * sent, so they cannot overtake it (per-tenant order).
   */
  public InFlight send(List<ResourceChanged> events) {
    InFlight batch = new InFlight(events.size());
    Producer<String, byte[]> current = producer();
    try {
      // A record can fail inside send() (no metadata within max.block.ms, too large): the events
      // after it must not go out, or a later notification of the same tenant would reach Kafka
      // before the failed one is sent again (the chaos run found this after a broker restart).
      for (int i = 0; i < events.size() && !batch.hasFailed(); i++) {
        ResourceChanged event = events.get(i);
        int index = i;
        current.send(
            record(event),
            (metadata, exception) -> {
              if (exception == null) {
                batch.acknowledged(index);
                listener.published(event, latencyOf(event));
              } else {
                batch.failed(exception);
              }
            });
      }
    } catch (RuntimeException e) {
      batch.failed(e);
    }
    return batch;
  }

  /** A batch handed to the producer, not yet known to be acknowledged. */
  public final class InFlight {
    private final BitSet acked;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    private InFlight(int size) {
      this.acked = new BitSet(size);
    }

    private synchronized void acknowledged(int index) {
      acked.set(index);
    }

    private void failed(Exception exception) {
      failure.compareAndSet(null, exception);
    }

    private boolean hasFailed() {
      return failure.get() != null;
    }

    /**
     * Waits until Kafka acknowledged or failed every record of the batch.
     *
     * @return the indexes of the acknowledged events
     */
    public BitSet await() {
      try {
        if (producer != null) {
          producer.flush();
        }
      } catch (RuntimeException e) {
        failed(e);
      }
      if (failure.get() != null) {
        listener.failed(RelayErrorKind.PUBLISH, failure.get());
        discardProducer();
      }
      synchronized (this) {
        return (BitSet) acked.clone();
      }
    }
  }

  ProducerRecord<String, byte[]> record(ResourceChanged event) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(CONTENT_TYPE_HEADER, utf8(NotificationCodec.CONTENT_TYPE));
    headers.add(ID_HEADER, utf8(event.id().toString()));
    headers.add(TYPE_HEADER, utf8(event.eventType()));
    if (event.traceparent() != null) {
      headers.add(TRACEPARENT_HEADER, utf8(event.traceparent()));
    }
    return new ProducerRecord<>(
        topic, null, event.tenant(), NotificationCodec.encode(event), headers);
  }

  private static Duration latencyOf(ResourceChanged event) {
    Duration latency = Duration.between(event.occurredAt(), Instant.now());
    return latency.isNegative() ? Duration.ZERO : latency;
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private Producer<String, byte[]> producer() {
    if (producer == null) {
      producer = new KafkaProducer<>(config.get());
    }
    return producer;
  }

  private void discardProducer() {
    if (producer != null) {
      try {
        producer.close(Duration.ZERO);
      } catch (RuntimeException e) {
        // The producer is being thrown away because it failed; a failing close changes nothing.
      }
      producer = null;
    }
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
      producer = null;
    }
  }
}
