package dev.attune.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports for the processes the tests and the local stack start. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * A port that was free on the loopback address a moment ago. Another process can still take it before
     * ours binds it, which is why every caller checks that the answer on the port comes from its own child.
     */
    public static int loopback() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
