package dev.nnl.cli;

import static dev.nnl.cli.TrainCliTest.nnlc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model too large for the machine is refused with its memory estimate (exit 1), quickly, before anything big is allocated. */
class MemoryCliTest {
    /** Dense(100000) on a (100000) input: 10^10 parameters. The data files need not exist: nothing is read. */
    private static final String BIG = "model Big {\n input x: (100000)\n Dense(100000)\n}\n"
            + "train Big {\n data = npy(\"x.npy\", y=\"y.npy\")\n loss = mse\n optimizer = Adam()\n}\n";

    private static TrainCliTest.Run refused(String... args) {
        long start = System.nanoTime();
        TrainCliTest.Run r = nnlc(args);
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "refused within 10 s");
        assertEquals(ExitCode.INPUT, r.code(), r.err());
        assertTrue(r.err().startsWith("error: model `Big` is too large: "), r.err());
        assertTrue(r.err().contains("its 10,000,100,000 parameters are more than one parameter buffer holds"), r.err());
        assertTrue(r.err().contains("the Java heap has"), r.err());
        return r;
    }

    @Test
    void trainAndCompileRefuseAnOversizedModel(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("big.nnl");
        Files.writeString(src, BIG);
        Path out = dir.resolve("big.nnlz");
        TrainCliTest.Run t = refused("train", src.toString(), "-o", out.toString());
        assertTrue(t.err().contains("training it at batch size 32 needs at least 409.83 GB"), t.err());
        assertTrue(t.err().contains("optimizer state (Adam: 2 slots)"), t.err());
        TrainCliTest.Run c = refused("compile", src.toString(), "-o", out.toString());
        assertTrue(c.err().contains("initializing it needs at least"), c.err());
        refused("compile", src.toString(), "--format", "samediff", "-o", dir.resolve("big.fb").toString());
        assertFalse(Files.exists(out));
    }

    @Test
    void checkAndSummaryCountTenBillionParameters(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("big.nnl");
        Files.writeString(src, BIG);
        TrainCliTest.Run check = nnlc("check", src.toString());
        assertEquals(ExitCode.OK, check.code(), check.err());
        assertTrue(check.out().contains("10,000,100,000 params"), check.out());
        TrainCliTest.Run summary = nnlc("summary", src.toString(), "--format", "json");
        assertTrue(summary.out().contains("\"total_params\":10000100000"), summary.out());
        Files.writeString(src, "model Huge {\n input x: (1000000)\n Dense(1000000)\n}\n");
        summary = nnlc("summary", src.toString());
        assertTrue(summary.out().contains("Total params: 1,000,001,000,000 (3.64 TB)"), summary.out());
    }

    @Test
    void predictAndEvalRefuseABatchNoBufferHolds(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("wide.nnl");
        Files.writeString(src, "model Big {\n input x: (1000)\n Dense(2)\n}\n"
                + "train Big {\n loss = mse\n optimizer = SGD()\n batch_size = 10000000\n}\n");
        Path model = dir.resolve("wide.nnlz");
        assertEquals(ExitCode.OK, nnlc("compile", src.toString(), "-o", model.toString(), "--seed", "1").code());
        Path in = dir.resolve("in.npy");
        Files.write(in, new byte[0]);
        String[][] commands = {{"predict", model.toString(), in.toString()}, {"eval", model.toString(), "--data", in.toString()}};
        for (String[] command : commands) {
            TrainCliTest.Run r = nnlc(command);
            assertEquals(ExitCode.INPUT, r.code(), r.err());
            assertTrue(r.err().contains("model `Big` is too large: running it at batch size 10000000")
                    && r.err().contains("one batch makes a tensor of 10,000,000,000 values"), r.err());
        }
    }
}
