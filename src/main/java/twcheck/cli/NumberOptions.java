package twcheck.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import twcheck.model.WholeNumbers;
import twcheck.spec.TextFiles;

/**
 * Converters for numeric options that say the range they accept: picocli's own say only "is not
 * an int", also for a number that is merely too large.
 */
final class NumberOptions {
    private NumberOptions() {}

    /** A whole number in {@code min..max}. */
    abstract static class Ranged {
        private final long min;
        private final long max;
        private final String maxShown;

        Ranged(long min, long max, String maxShown) {
            this.min = min;
            this.max = max;
            this.maxShown = maxShown;
        }

        long parse(String text) {
            Long v = WholeNumbers.parse(text.trim());
            if (v == null || v < min || v > max) {
                throw new TypeConversionException("expected a whole number in " + min + ".." + maxShown
                        + ", got '" + TextFiles.shown(text) + "'");
            }
            return v;
        }
    }

    /** Worker threads: 1..{@value CheckCommand#MAX_THREADS}. */
    static final class Threads extends Ranged implements ITypeConverter<Integer> {
        Threads() {
            super(1, CheckCommand.MAX_THREADS, Integer.toString(CheckCommand.MAX_THREADS));
        }

        @Override
        public Integer convert(String text) {
            return (int) parse(text);
        }
    }

    /** A count of states: 1 to 10^18 (beyond every search; a longer number is an error, not "no limit"). */
    static final class States extends Ranged implements ITypeConverter<Long> {
        States() {
            super(1, 1_000_000_000_000_000_000L, "10^18");
        }

        @Override
        public Long convert(String text) {
            return parse(text);
        }
    }

    /** MiB of memory: 0 (the default: the heap limit) to 2^40. */
    static final class MiB extends Ranged implements ITypeConverter<Long> {
        MiB() {
            super(0, 1L << 40, "2^40");
        }

        @Override
        public Long convert(String text) {
            return parse(text);
        }
    }

    /** Repetitions of a benchmark row: 1..100. */
    static final class Repeat extends Ranged implements ITypeConverter<Integer> {
        Repeat() {
            super(1, 100, "100");
        }

        @Override
        public Integer convert(String text) {
            return (int) parse(text);
        }
    }

    /** Milliseconds per model tick, for conform and export: 1 ms to one day. */
    static final class TickMillis extends Ranged implements ITypeConverter<Long> {
        TickMillis() {
            super(1, 86_400_000, "86400000");
        }

        @Override
        public Long convert(String text) {
            return parse(text);
        }
    }
}
