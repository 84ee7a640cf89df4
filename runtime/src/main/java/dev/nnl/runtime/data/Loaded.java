package dev.nnl.runtime.data;

import java.util.List;

/**
 * A dataset, the preprocessing that produced it, and warnings about how it was read (such as a
 * CSV without a header taken by position), for the caller to show: {@code warning: …} on the CLI.
 */
public record Loaded(Dataset data, Preprocessing prep, List<String> warnings) {
    public Loaded {
        warnings = List.copyOf(warnings);
    }

    public Loaded(Dataset data, Preprocessing prep) {
        this(data, prep, List.of());
    }
}
