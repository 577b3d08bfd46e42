package dev.attune.deploy.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void shouldFailNamingTheOptionWhenAChosenPortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Ports.claim(taken.getLocalPort(), "--http-port"))
                    .hasMessageContaining(String.valueOf(taken.getLocalPort())).hasMessageContaining("--http-port");
        }
    }

    @Test
    void shouldPickAFreePortForZeroAndKeepAFreeChosenOne() {
        int free = Ports.claim(0, "--http-port");

        assertThat(free).isPositive();
        assertThat(Ports.claim(free, "--http-port")).isEqualTo(free);
    }
}
