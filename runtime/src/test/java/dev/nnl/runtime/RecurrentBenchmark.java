package dev.nnl.runtime;

import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Forward + backward time of one recurrent layer on a (128, 28, 28) float32 batch (the
 * Fashion-MNIST LSTM benchmark's shape). Off by default; run with
 * {@code OMP_NUM_THREADS=1 mvn -o test -pl runtime -Dtest=RecurrentBenchmark -Dnnl.bench=true}
 * ({@code -Dnnl.bench.layer="GRU(128)"} to time another layer).
 */
@EnabledIfSystemProperty(named = "nnl.bench", matches = "true")
class RecurrentBenchmark {
    @Test
    void lstm128() {
        String layer = System.getProperty("nnl.bench.layer", "LSTM(128)");
        int iterations = Integer.getInteger("nnl.bench.iterations", 40);
        Plan plan = new Plan(Models.model("model M {\n input x: (28, 28)\n " + layer + "\n}\n"), DataType.FLOAT);
        plan.initialize(1);
        SplittableRandom rng = new SplittableRandom(2);
        Tensor x = Tensor.zeros(DataType.FLOAT, 128, 28, 28);
        for (int i = 0; i < x.size; i++) {
            x.set(i, rng.nextDouble());
        }
        RunContext ctx = new RunContext(DataType.FLOAT, true, 3);
        Tensor[] out = plan.forward(new Tensor[] {x}, ctx);
        Tensor d = Tensor.zeros(DataType.FLOAT, out[0].shape);
        for (int i = 0; i < d.size; i++) {
            d.set(i, rng.nextGaussian() * 1e-3);
        }
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] fwd = new double[iterations];
        double[] total = new double[iterations];
        double[] cpuFwd = new double[iterations];
        double[] cpuTotal = new double[iterations];
        for (int warm = 0; warm < 15; warm++) {
            plan.forward(new Tensor[] {x}, ctx);
            plan.backward(new Tensor[] {d}, ctx);
        }
        for (int i = 0; i < iterations; i++) {
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            plan.forward(new Tensor[] {x}, ctx);
            long t1 = System.nanoTime();
            long c1 = cpu.getCurrentThreadCpuTime();
            plan.backward(new Tensor[] {d}, ctx);
            long t2 = System.nanoTime();
            long c2 = cpu.getCurrentThreadCpuTime();
            fwd[i] = (t1 - t0) / 1e6;
            total[i] = (t2 - t0) / 1e6;
            cpuFwd[i] = (c1 - c0) / 1e6;
            cpuTotal[i] = (c2 - c0) / 1e6;
        }
        Arrays.sort(fwd);
        Arrays.sort(total);
        Arrays.sort(cpuFwd);
        Arrays.sort(cpuTotal);
        System.out.printf("%s on (128, 28, 28) float32, OMP_NUM_THREADS=%s: forward median %.2f ms (min %.2f), "
                        + "forward+backward median %.2f ms (min %.2f); thread CPU time: forward %.2f ms, "
                + "forward+backward %.2f ms (medians)%n", layer, System.getenv("OMP_NUM_THREADS"),
                fwd[iterations / 2], fwd[0], total[iterations / 2], total[0], cpuFwd[iterations / 2], cpuTotal[iterations / 2]);
    }
}
