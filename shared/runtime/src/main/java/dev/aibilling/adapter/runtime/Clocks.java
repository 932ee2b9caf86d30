package dev.aibilling.adapter.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one place a function gets its clock. In Lambda it is the system clock. The local
 * runtime sets MOVABLE_CLOCK, and every function built in its JVM then reads the one
 * {@link Movable} clock, which it moves forward (POST /local/clock/advance), so that a
 * month can pass in a second on a developer's machine.
 */
public final class Clocks {
    public static final String MOVABLE_CLOCK = "MOVABLE_CLOCK";
    private static final Movable MOVABLE = new Movable();

    private Clocks() {
    }

    public static Clock fromConfig(Config config) {
        return config.optional(MOVABLE_CLOCK).isPresent() ? MOVABLE : Clock.systemUTC();
    }

    /** The local runtime's clock: the system's, moved forward by what has been added. */
    public static Movable movable() {
        return MOVABLE;
    }

    /** UTC system time plus an offset that only grows (time never runs backwards for a ledger). */
    public static final class Movable extends Clock {
        private final AtomicLong offsetMillis = new AtomicLong();

        private Movable() {
        }

        public void advance(Duration by) {
            if (by.isNegative()) {
                throw new IllegalArgumentException("The clock only moves forward");
            }
            offsetMillis.addAndGet(by.toMillis());
        }

        public Duration offset() {
            return Duration.ofMillis(offsetMillis.get());
        }

        @Override
        public Instant instant() {
            return Instant.now().plusMillis(offsetMillis.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("Billing time is UTC");
        }
    }
}
