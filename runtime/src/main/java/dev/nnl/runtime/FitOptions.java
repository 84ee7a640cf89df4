package dev.nnl.runtime;

import java.nio.file.Path;

/**
 * Overrides of a model's {@code train} block for one training run, as {@code nnlc train}'s flags
 * give them. A null field keeps the block's value. Start from {@link #defaults()} and change what
 * you need: {@code FitOptions.defaults().withEpochs(3).withSeed(42)}.
 *
 * @param data train on this file or directory instead of the block's {@code data} (relative to
 *     the working directory; the format follows the name: a directory is MNIST-style IDX, then
 *     {@code .csv}, {@code .npy}, otherwise text)
 * @param epochs number of epochs
 * @param batchSize samples per batch
 * @param seed random seed: the same seed and thread count give the same run
 * @param threads threads for the math, for the whole process as {@link Nnl#setThreads} sets them
 *     (default: every processor, or {@code OMP_NUM_THREADS})
 * @param output where to write the {@code .nnlz} after every epoch and at the end; null keeps the
 *     trained model in memory only
 * @param resume continue the run saved in this {@code .nnlz} (by an interrupted {@code train} or
 *     by {@code nnlc compile})
 */
public record FitOptions(String data, Long epochs, Integer batchSize, Long seed, Integer threads, Path output, Path resume) {

    /** Every value from the {@code train} block; nothing written to disk. */
    public static FitOptions defaults() {
        return new FitOptions(null, null, null, null, null, null, null);
    }

    /** These options with another data path. */
    public FitOptions withData(String path) {
        return new FitOptions(path, epochs, batchSize, seed, threads, output, resume);
    }

    /** These options with another number of epochs. */
    public FitOptions withEpochs(long n) {
        return new FitOptions(data, n, batchSize, seed, threads, output, resume);
    }

    /** These options with another batch size. */
    public FitOptions withBatchSize(int n) {
        return new FitOptions(data, epochs, n, seed, threads, output, resume);
    }

    /** These options with another seed. */
    public FitOptions withSeed(long s) {
        return new FitOptions(data, epochs, batchSize, s, threads, output, resume);
    }

    /** These options with another thread count. */
    public FitOptions withThreads(int n) {
        return new FitOptions(data, epochs, batchSize, seed, n, output, resume);
    }

    /** These options, saving the model to {@code file} after every epoch. */
    public FitOptions withOutput(Path file) {
        return new FitOptions(data, epochs, batchSize, seed, threads, file, resume);
    }

    /** These options, continuing from the run saved in {@code file}. */
    public FitOptions withResume(Path file) {
        return new FitOptions(data, epochs, batchSize, seed, threads, output, file);
    }
}
