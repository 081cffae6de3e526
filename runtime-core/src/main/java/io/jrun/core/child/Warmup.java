package io.jrun.core.child;

import io.jrun.sys.Native;

/**
 * A class initialiser that every container command pays for, run on a second thread while the
 * main one reads the command line and the config: jffi's native library, whose loader formats
 * its name with {@code String.format}, which loads the JDK's locale data (about 20 ms of CPU).
 * The JVM makes a thread that needs a class another thread is initialising wait for it, so the
 * main thread gets the same classes either way, only sooner. A clone must not happen while
 * another thread runs jrun's code, so {@link CloneStage} waits for this one to end first.
 */
public final class Warmup {
    private Warmup() {}

    private static Thread thread;

    /** Starts the warm-up: by the launcher's main, for the commands that clone. */
    public static synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = Thread.ofPlatform().name("jrun-warmup").daemon().unstarted(Warmup::run);
        thread.start();
    }

    private static void run() {
        try {
            Native.libc();
        } catch (Throwable e) {
            // the main thread meets the same failure where it needs the class, and reports it
        }
    }

    /** Returns once the warm-up thread, if there is one, has ended. */
    static void await() {
        Thread t;
        synchronized (Warmup.class) {
            t = thread;
        }
        if (t == null) {
            return;
        }
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
