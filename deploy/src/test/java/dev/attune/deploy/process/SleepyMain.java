package dev.attune.deploy.process;

/** A stand-in service for {@link ChildProcessTest}: prints READY, then waits; "stubborn" ignores SIGTERM. */
public final class SleepyMain {

    private SleepyMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("stubborn")) {
            // A shutdown hook that never ends keeps the JVM alive after SIGTERM, like a hung service.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                while (true) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException ignored) {
                        // keep hanging
                    }
                }
            }));
        }
        if (args.length > 0 && args[0].equals("crash")) {
            System.out.println("something went wrong");
            System.exit(3);
        }
        System.out.println("READY sleepy");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
