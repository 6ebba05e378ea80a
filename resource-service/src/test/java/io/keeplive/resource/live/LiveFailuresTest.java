package io.keeplive.resource.live;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Live API failures are all counted, and logged at most once per reason per interval. */
class LiveFailuresTest {

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(LiveFailures.class);
  private final List<String> counted = new ArrayList<>();
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");

  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  private final LiveFailures failures =
      new LiveFailures(counted::add, clock, Duration.ofSeconds(10));

  @BeforeEach
  void capture() {
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void release() {
    logger.detachAppender(log);
  }

  @Test
  void aBurstOfOneReasonIsCountedInFullAndLoggedOncePerInterval() {
    for (int i = 0; i < 100; i++) {
      failures.failed("bad_request", "call " + i);
    }
    now = now.plusSeconds(10);
    failures.failed("bad_request", "after the interval");

    assertThat(counted).hasSize(101).containsOnly("bad_request");
    assertThat(log.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "Live API failure (bad_request): call 0",
            "Live API failure (bad_request): after the interval (99 more of this reason not logged)");
  }

  @Test
  void eachReasonHasItsOwnInterval() {
    failures.failed("bad_request", "one");
    failures.failed("service_unauthorized", "two");

    assertThat(log.list).hasSize(2);
  }
}
