package io.keeplive.chaos.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterPortsTest {

  @Test
  void everyPortOfAClusterAndEveryManagementPortLiesBelowTheEphemeralRangeAndDiffers() {
    ClusterPorts ports = ClusterPorts.free(2);

    List<Integer> all =
        new ArrayList<>(
            List.of(
                ports.postgres(),
                ports.kafka(),
                ports.kafkaController(),
                ports.gatewayBalancer(),
                ports.resourceBalancer()));
    for (List<Integer> services :
        List.of(ports.gateways(), ports.resourceServices(), ports.relays())) {
      services.forEach(port -> all.addAll(List.of(port, port + 1000)));
    }

    assertThat(all).doesNotHaveDuplicates().allMatch(port -> port >= 1024);
    assertThat(all).allMatch(port -> port < ClusterPorts.ephemeralStart());
  }
}
