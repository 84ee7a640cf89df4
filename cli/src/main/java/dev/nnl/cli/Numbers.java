package dev.nnl.cli;

import picocli.CommandLine.ITypeConverter;

/**
 * The numeric options (--epochs, --batch-size, --threads, --seed), read by these converters so
 * that `--epochs abc` and `--epochs 0` get the same message from Main's parameter exception
 * handler: "--epochs takes a positive whole number, found `abc`".
 */
final class Numbers {
    private Numbers() {
    }

    /** A count (--batch-size, --threads): 1 or more. */
    static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) parse(value, 1, Integer.MAX_VALUE, "a positive whole number");
        }
    }

    /** A positive count as a long (--epochs, which FitOptions holds as a Long). */
    static final class PositiveLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return parse(value, 1, Long.MAX_VALUE, "a positive whole number");
        }
    }

    /** A seed: any whole number a long holds. */
    static final class Whole implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return parse(value, Long.MIN_VALUE, Long.MAX_VALUE, "a whole number");
        }
    }

    private static long parse(String value, long min, long max, String takes) {
        long n;
        try {
            n = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new Rejected(takes);
        }
        if (n < min || n > max) {
            throw new Rejected(takes);
        }
        return n;
    }
}
