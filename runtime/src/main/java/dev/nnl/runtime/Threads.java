package dev.nnl.runtime;

import dev.nnl.runtime.threads.Parallel;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/** Thread count for ND4J's native ops, OpenMP and BLAS together (they contend otherwise). */
public final class Threads {
    private Threads() {
    }

    /** Uses {@code n} threads from now on, for every kind of parallel work (see {@link Nnl#setThreads}). */
    public static void set(int n) {
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
        Nd4j.factory().blas().setMaxThreads(n);
        Parallel.setThreads(n);
    }
}
