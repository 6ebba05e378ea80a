package io.keeplive.gateway.refetch;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.metrics.GatewayListener.RefetchFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every failure is counted; the log gets one line per reason per interval, with the rest counted.
 */
class FailuresTest {

  private final List<RefetchFailure> counted = new CopyOnWriteArrayList<>();
  private final AtomicLong nanos = new AtomicLong();
  private final Failures failures =
      new Failures(
          new GatewayListener() {
            @Override
            public void refetchFailed(RefetchFailure reason) {
              counted.add(reason);
            }
          },
          nanos::get);
  private final Logger logger = (Logger) LoggerFactory.getLogger(Failures.class);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
  }

  @Test
  void everyFailureIsCountedButEachReasonIsLoggedAtMostOncePerInterval() {
    for (int i = 0; i < 100; i++) {
      failures.failed("Refetching tickets", new TimeoutException());
    }
    failures.failed("Refetching tickets", new ConnectException("refused"));

    assertThat(counted).hasSize(101);
    assertThat(lines.list).hasSize(2);

    nanos.addAndGet(Failures.LOG_INTERVAL.toNanos());
    failures.failed("Refetching tickets", new TimeoutException());
    assertThat(lines.list).hasSize(3);
    assertThat(lines.list.get(2).getFormattedMessage()).contains("timeout").contains("99 more");
  }

  @Test
  void errorsAreClassifiedByWhatWentWrong() {
    assertThat(Failures.reasonOf(new TimeoutException())).isEqualTo(RefetchFailure.TIMEOUT);
    assertThat(Failures.reasonOf(new ConnectException())).isEqualTo(RefetchFailure.UNAVAILABLE);
    assertThat(Failures.reasonOf(new IOException())).isEqualTo(RefetchFailure.UNAVAILABLE);
    assertThat(Failures.reasonOf(new IllegalStateException())).isEqualTo(RefetchFailure.INTERNAL);
  }

  @Test
  void theTagsAreLowerSnakeCase() {
    assertThat(RefetchFailure.SERVER_ERROR.tag()).isEqualTo("server_error");
    assertThat(RefetchFailure.BAD_ANSWER.tag()).isEqualTo("bad_answer");
  }
}
