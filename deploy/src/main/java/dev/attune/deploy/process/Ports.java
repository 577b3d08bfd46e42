package dev.attune.deploy.process;

import dev.attune.testkit.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port choice for the local stack: 0 means any free port; a chosen port must be free before we start. */
public final class Ports {

    private Ports() {
    }

    /**
     * Returns {@code requested} if it is free on the loopback address, a free port if it is 0, and
     * fails with a message naming the option otherwise, so a busy port is never mistaken for ours.
     */
    public static int claim(int requested, String option) {
        if (requested == 0) {
            return freePort();
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), requested));
            return requested;
        } catch (IOException e) {
            throw new IllegalStateException("port " + requested + " is already in use by another process; choose another with "
                    + option + " <port> (0 picks a free one)");
        }
    }

    public static int freePort() {
        return FreePorts.loopback();
    }
}
