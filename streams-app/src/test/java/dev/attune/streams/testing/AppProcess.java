package dev.attune.streams.testing;

/**
 * {@code StreamsAppMain} in a process of its own, so that a broker test can kill it with SIGKILL
 * mid-stream. Args: the registry scope, then StreamsAppMain's arguments.
 */
public final class AppProcess {

    private AppProcess() {
    }

    public static void main(String[] args) throws Exception {
        RegistryIds.preRegister(args[0]);
        String[] rest = new String[args.length - 1];
        System.arraycopy(args, 1, rest, 0, rest.length);
        dev.attune.streams.StreamsAppMain.main(rest);
    }
}
