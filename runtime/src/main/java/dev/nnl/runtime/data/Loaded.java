package dev.nnl.runtime.data;

/** A dataset and the preprocessing that produced it. */
public record Loaded(Dataset data, Preprocessing prep) {
}
