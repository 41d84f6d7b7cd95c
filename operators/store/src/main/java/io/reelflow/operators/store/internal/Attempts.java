package io.reelflow.operators.store.internal;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs an object store call up to {@code attempts} times, pausing with doubling backoff after transient failures. */
public final class Attempts {

    private static final Logger LOG = LoggerFactory.getLogger(Attempts.class);
    private static final long MAX_PAUSE_MS = Duration.ofSeconds(10).toMillis();

    private final int attempts;
    private final long firstPauseMs;
    private final Sleeper sleeper;

    public Attempts(int attempts, Duration firstPause, Sleeper sleeper) {
        this.attempts = attempts;
        this.firstPauseMs = firstPause.toMillis();
        this.sleeper = sleeper;
    }

    /**
     * The call's result; a {@link Failure} saying what failed, after how many attempts and why, once the attempts are
     * used up or an error is permanent; {@link InterruptedException} if the thread is interrupted (task canceled).
     */
    public <T> T run(String what, Call<T> call) throws Failure, InterruptedException {
        long pause = firstPauseMs;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (Exception e) {
                if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException(what + " interrupted");
                }
                boolean transientError = StoreErrors.isTransient(e);
                if (attempt >= attempts || !transientError) {
                    throw new Failure(what + " failed after " + attempt + (attempt == 1 ? " attempt: " : " attempts: ")
                            + StoreErrors.describe(e), e, transientError);
                }
                LOG.info("{} failed (attempt {} of {}), retrying in {} ms: {}",
                        what, attempt, attempts, pause, StoreErrors.describe(e));
                sleeper.sleep(pause);
                pause = Math.min(pause * 2, MAX_PAUSE_MS);
            }
        }
    }

    @FunctionalInterface
    public interface Call<T> {
        T run() throws Exception;
    }

    /** Waits between attempts; tests replace it to count attempts without waiting. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    /** The object store kept failing, or refused; the message is meant for the result's error message. */
    public static final class Failure extends Exception {
        private final boolean unavailable;

        public Failure(String message) {
            super(message);
            this.unavailable = false;
        }

        public Failure(String message, Throwable cause) {
            this(message, cause, false);
        }

        Failure(String message, Throwable cause, boolean unavailable) {
            super(message, cause);
            this.unavailable = unavailable;
        }

        /** True if every attempt failed transiently (unreachable, 5xx, throttled): the store, not the call, is at fault. */
        public boolean unavailable() {
            return unavailable;
        }
    }
}
