package dev.nnl.runtime;

import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.kernels.conv.ConvKernel;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.plan.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Forward + backward of the benchmark CNN (samples/fashion_cnn.nnl), batch 128, float32: not a
 * test (run its main, e.g. with OMP_NUM_THREADS=1 and 2). Prints the median ms per step and the
 * median per layer. Arguments: [gemm|native] [steps].
 */
public final class CnnBench {
    static final String CNN = """
            model FashionCNN {
                input image: (28, 28, 1)
                Conv2D(32, 3, activation=relu)
                MaxPooling2D(2)
                Conv2D(64, 3, activation=relu)
                MaxPooling2D(2)
                Flatten()
                Dense(128, activation=relu)
                Dense(10, activation=softmax)
            }
            """;

    public static void main(String[] args) {
        ConvKernel.Path path = args.length > 0 && args[0].equals("native") ? ConvKernel.Path.NATIVE : ConvKernel.Path.GEMM;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Plan plan = new Plan(Models.model(CNN), DataType.FLOAT);
        plan.initialize(1);
        for (Kernel k : plan.kernels()) {
            if (k instanceof ConvKernel c) {
                c.usePath(path);
            }
        }
        SplittableRandom rng = new SplittableRandom(2);
        Tensor x = Tensor.zeros(DataType.FLOAT, 128, 28, 28, 1);
        for (int i = 0; i < x.size; i++) {
            x.set(i, rng.nextDouble());
        }
        Tensor dOut = Tensor.zeros(DataType.FLOAT, 128, 10);
        for (int i = 0; i < dOut.size; i++) {
            dOut.set(i, rng.nextGaussian() / 128);
        }
        RunContext ctx = new RunContext(DataType.FLOAT, true, 3);
        int n = plan.kernels().size();
        double[] total = new double[steps];
        double[] cpu = new double[steps];
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double[][] fwd = new double[n][steps];
        double[][] bwd = new double[n][steps];
        for (int s = 0; s < steps; s++) {
            long t0 = System.nanoTime();
            long c0 = threads.getCurrentThreadCpuTime();
            plan.forward(new Tensor[] {x}, ctx);
            plan.store().zeroGrads();
            plan.backward(new Tensor[] {dOut}, ctx);
            total[s] = (System.nanoTime() - t0) / 1e6;
            cpu[s] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        // Per layer, timed separately (the plan's own loop has no hooks).
        for (int s = 0; s < steps; s++) {
            Tensor[] outs = new Tensor[n + 1];
            outs[0] = x;
            for (int i = 0; i < n; i++) {
                long t0 = threads.getCurrentThreadCpuTime();
                outs[i + 1] = plan.kernels().get(i).forward(new Tensor[] {outs[i]}, new Tensor[] {null}, ctx)[0];
                fwd[i][s] = (threads.getCurrentThreadCpuTime() - t0) / 1e6;
            }
            Tensor g = dOut;
            for (int i = n - 1; i >= 0; i--) {
                long t0 = threads.getCurrentThreadCpuTime();
                g = plan.kernels().get(i).backward(new Tensor[] {outs[i]}, new Tensor[] {null}, new Tensor[] {g}, ctx)[0];
                bwd[i][s] = (threads.getCurrentThreadCpuTime() - t0) / 1e6;
            }
        }
        System.out.printf("path %s, OMP_NUM_THREADS=%s: forward+backward %.2f ms/step wall, %.2f ms CPU of the calling thread"
                + " (medians of %d; load average %.1f)%n", path, System.getenv("OMP_NUM_THREADS"), median(total, steps / 3),
                median(cpu, steps / 3), steps, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("  per layer, CPU ms of the calling thread:");
        for (int i = 0; i < n; i++) {
            System.out.printf("  %-14s fwd %6.2f  bwd %6.2f%n", plan.kernels().get(i).node().className(),
                    median(fwd[i], steps / 3), median(bwd[i], steps / 3));
        }
    }

    /** Median after dropping the first {@code skip} (warm-up) values. */
    private static double median(double[] v, int skip) {
        double[] s = Arrays.copyOfRange(v, skip, v.length);
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
