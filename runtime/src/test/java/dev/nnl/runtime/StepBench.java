package dev.nnl.runtime;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.compiler.train.TrainConfig;
import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.tensor.Tensor;
import dev.nnl.runtime.train.Loss;
import dev.nnl.runtime.train.Optimizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Where a training step's time goes, layer by layer: not a test. Runs whole steps (forward, loss,
 * backward, optimizer) of a model file's train block on random data of batch size 128, and prints
 * wall-clock medians per layer and phase. Used for docs/performance.md, which shows how to run
 * it with {@code java -cp} over the test class path; arguments: {@code FILE.nnl [threads] [steps]}
 * ({@code -Dbench.clock=cpu}: per-layer CPU times of the calling thread instead of wall times).
 */
public final class StepBench {
    public static void main(String[] args) throws Exception {
        Compilation c = dev.nnl.compiler.Compiler.compile(SourceFile.of(args[0], Files.readString(Path.of(args[0]))));
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Threads.set(threads);
        TrainConfig config = c.trains().values().iterator().next();
        ModelIR model = c.models().get(config.model());
        Plan plan = new Plan(model, DataType.FLOAT);
        plan.initialize(1);
        plan.setInputGradients(false);
        Optimizer optimizer = new Optimizer(config.optimizer());
        Loss loss = new Loss(config.loss());
        int batch = 128;
        SplittableRandom rng = new SplittableRandom(2);
        Tensor x = Tensor.zeros(DataType.FLOAT, model.inputs().get(0).shape().prepend(batch).dims());
        for (int i = 0; i < x.size; i++) {
            x.set(i, rng.nextDouble());
        }
        int classes = (int) model.outputs().get(0).shape().last();
        Tensor y = Tensor.zeros(DataType.FLOAT, batch, 1);
        for (int i = 0; i < batch; i++) {
            y.set(i, rng.nextInt(classes));
        }
        RunContext ctx = new RunContext(DataType.FLOAT, true, 3);
        int n = plan.kernels().size();
        double[][] fwd = new double[n][steps];
        double[][] bwd = new double[n][steps];
        double[] lossT = new double[steps];
        double[] optT = new double[steps];
        double[] total = new double[steps];
        double[] cpu = new double[steps];
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        Tensor grad = null;
        for (int s = 0; s < steps; s++) {
            long start = now();
            long cpuStart = os.getProcessCpuTime();
            // The plan's own loop has no hooks: run the kernels of this sequential model one by one.
            Tensor[] outs = new Tensor[n + 1];
            outs[0] = x;
            for (int i = 0; i < n; i++) {
                long t0 = now();
                outs[i + 1] = plan.kernels().get(i).forward(new Tensor[] {outs[i]}, new Tensor[] {null}, ctx)[0];
                fwd[i][s] = (now() - t0) / 1e6;
            }
            long t0 = now();
            Tensor out = outs[n];
            if (grad == null) {
                grad = Tensor.zeros(DataType.FLOAT, out.shape);
            }
            loss.compute(out, plan.kernels().get(n - 1), y, grad);
            plan.store().zeroGrads();
            lossT[s] = (now() - t0) / 1e6;
            Tensor g = grad;
            for (int i = n - 1; i >= 0; i--) {
                t0 = now();
                Kernel k = plan.kernels().get(i);
                g = k.backward(new Tensor[] {outs[i]}, new Tensor[] {null}, new Tensor[] {g}, ctx)[0];
                bwd[i][s] = (now() - t0) / 1e6;
                if (g == null) {
                    break;
                }
            }
            t0 = now();
            optimizer.step(plan.store());
            optT[s] = (now() - t0) / 1e6;
            total[s] = (now() - start) / 1e6;
            cpu[s] = (os.getProcessCpuTime() - cpuStart) / 1e6;
        }
        System.out.printf("%s, %d threads: %.3f ms/step%s (median of %d after warm-up; fastest %.3f), %d params%n", args[0], threads,
                median(total), CPU_CLOCK ? " of the calling thread's CPU time" : "", steps, Arrays.stream(total, steps / 2, steps).min().orElse(0), plan.store().size());
        // On a shared machine the wall time includes waiting for a core; the process's CPU time does not.
        System.out.printf("  process CPU time %.3f ms/step (mean of the second half)%n",
                Arrays.stream(cpu, steps / 2, steps).average().orElse(0));
        for (int i = 0; i < n; i++) {
            System.out.printf("  %-20s fwd %7.3f  bwd %7.3f%n", plan.kernels().get(i).node().className(), median(fwd[i]), median(bwd[i]));
        }
        System.out.printf("  %-20s     %7.3f%n  %-20s     %7.3f%n", "loss", median(lossT), "optimizer", median(optT));
    }

    /**
     * The clock of the per-layer times: the wall clock, or with {@code -Dbench.clock=cpu} the
     * calling thread's CPU time, which on a shared machine leaves out the time spent waiting for
     * a core (on 1 thread all the math runs on the calling thread).
     */
    private static final boolean CPU_CLOCK = "cpu".equals(System.getProperty("bench.clock"));
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private static long now() {
        return CPU_CLOCK ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** Median of the second half (the first half warms up the JIT). */
    private static double median(double[] v) {
        double[] s = Arrays.copyOfRange(v, v.length / 2, v.length);
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
