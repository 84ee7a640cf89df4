package dev.nnl.cli;

import java.util.Arrays;
import java.util.List;

/** Options that take one of a few words ({@code --format}, {@code --color}, {@code --log}): one check, one message. */
final class Choices {
    private Choices() {
    }

    /** Null when {@code value} is one of {@code allowed}; else "--format takes text or json, found `xml`". */
    static String problem(String option, String value, String... allowed) {
        if (Arrays.asList(allowed).contains(value)) {
            return null;
        }
        List<String> all = List.of(allowed);
        String words = all.size() == 1 ? all.get(0)
                : String.join(", ", all.subList(0, all.size() - 1)) + " or " + all.get(all.size() - 1);
        return option + " takes " + words + ", found `" + value + "`";
    }
}
