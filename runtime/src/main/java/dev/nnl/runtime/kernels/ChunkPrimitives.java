package dev.nnl.runtime.kernels;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * What a kernel that runs oneDNN chunk by chunk ({@link OneDnn.Chunks}) makes once and keeps:
 * its primitives per chunk size ({@code S}), and per part and chunk size the memory objects a
 * part runs them with ({@code P}). A training run alternates between full batches, the epoch's
 * last one and validation batches, and every size's primitives are made once.
 */
public final class ChunkPrimitives<S, P> {
    private final Map<Integer, S> shapes = new HashMap<>();
    private final Map<Long, P> parts = new HashMap<>();
    private final IntFunction<S> makeShapes;
    private final Function<S, P> makePart;

    public ChunkPrimitives(IntFunction<S> makeShapes, Function<S, P> makePart) {
        this.makeShapes = makeShapes;
        this.makePart = makePart;
    }

    /** The primitives for chunks of {@code n} samples (the last chunk of a batch may be smaller). */
    public S shapes(int n) {
        // oneDNN fixes a primitive's thread count when it is made, from the making thread's OpenMP
        // setting: made on a thread still at the default, it ran a team of two from a predict
        // call, 8-13 ms a one-sample CNN call instead of ~1 (PredictBench, docs/performance.md).
        OneDnn.singleThreaded();
        return shapes.computeIfAbsent(n, makeShapes::apply);
    }

    /** Part {@code p}'s memory for chunks of {@code n} samples. */
    public P part(int p, int n) {
        return parts.computeIfAbsent(((long) p << 32) | n, k -> makePart.apply(shapes(n)));
    }

    /**
     * Makes, on the calling thread, every part's memory that the chunk loop over {@code chunks}
     * will use, so that the workers only read the maps. Returns the number of parts.
     */
    public int prepare(OneDnn.Chunks chunks) {
        int parts = chunks.parts();
        for (int p = 0; p < parts; p++) {
            for (int c = chunks.firstOf(p, parts); c < chunks.firstOf(p + 1, parts); c++) {
                part(p, chunks.size(c));
            }
        }
        return parts;
    }
}
