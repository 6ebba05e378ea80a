package io.keeplive.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void aRestartablePortLiesBelowTheEphemeralRangeAndCanBeBound() throws Exception {
    int port = Ports.restartable();

    assertThat(port).isBetween(1024, Ports.ephemeralStart() - 1);
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(port));
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }
}
