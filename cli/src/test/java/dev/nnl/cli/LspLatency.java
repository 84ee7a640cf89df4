package dev.nnl.cli;

import com.google.gson.JsonObject;
import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.source.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark (run by bench/lsp-latency.sh, not by the tests): how long after a keystroke the
 * editor shows diagnostics, for a 300-line model, measured as an editor sees it (change sent →
 * publishDiagnostics received, over stdio), and the warm in-process check time of that file.
 */
public final class LspLatency {
    public static void main(String[] args) throws Exception {
        int edits = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        String text = model300();
        System.out.printf(Locale.ROOT, "file: %d lines, %d layers%n", text.split("\n", -1).length - 1, text.split("Dense\\(|Dropout\\(|BatchNormalization\\(").length - 1);

        SourceFile source = SourceFile.of("bench.nnl", text);
        for (int i = 0; i < 200; i++) {
            Compiler.compile(source);
        }
        List<Double> check = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long t0 = System.nanoTime();
            Compiler.compile(source);
            check.add((System.nanoTime() - t0) / 1e6);
        }
        report("check (in process, warm)", check);

        Path dir = Files.createTempDirectory("nnl-lsp-bench");
        Path file = dir.resolve("bench.nnl");
        Files.writeString(file, text);
        String uri = file.toUri().toString();
        for (long debounce : new long[] {0, 100}) {
            try (LspClient client = LspClient.start()) {
                JsonObject options = new JsonObject();
                options.addProperty("debounceMs", debounce);
                client.initialize(dir, options);
                client.open(uri, text);
                client.diagnostics(uri, 1, 60_000);
                List<Double> latency = new ArrayList<>();
                for (int v = 2; v < edits + 2; v++) {
                    // Alternate a shape error and its fix, so every other check reports one.
                    String edited = v % 2 == 0 ? text.replace("Dense(64, activation=relu) // 17", "Conv2D(64, 3) // 17") : text;
                    long t0 = System.nanoTime();
                    client.change(uri, v, edited);
                    JsonObject published = client.diagnostics(uri, v, 60_000);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    if (v % 2 == 0 && published.getAsJsonArray("diagnostics").isEmpty()) {
                        throw new IllegalStateException("the edit should have produced an error");
                    }
                    // The first fifth warms the server's JIT; an editor session is long.
                    if (v >= 2 + edits / 5) {
                        latency.add(ms);
                    }
                }
                report("change → diagnostics over stdio, debounce " + debounce + " ms", latency);
                client.shutdown();
            }
        }
    }

    private static void report(String what, List<Double> ms) {
        Collections.sort(ms);
        System.out.printf(Locale.ROOT, "%-50s median %6.2f ms   p90 %6.2f ms   max %6.2f ms   (n=%d)%n", what,
                ms.get(ms.size() / 2), ms.get((int) (ms.size() * 0.9)), ms.get(ms.size() - 1), ms.size());
    }

    /** A 300-line model of the kind people write: blocks, constants, a graph and a train block. */
    static String model300() {
        StringBuilder sb = new StringBuilder();
        sb.append("// Benchmark model: 300 lines.\nlet width = 64\nlet rate = 0.1\n\n");
        sb.append("block dense_block(units, drop=rate) {\n    input x\n    Dense(units, activation=relu)\n    Dropout(drop)\n}\n\n");
        sb.append("model Bench {\n    input features: (128)\n");
        int line = 0;
        while (sb.toString().split("\n", -1).length < 290) {
            line++;
            sb.append(switch (line % 4) {
                case 0 -> "    dense_block(width)\n";
                case 1 -> "    Dense(64, activation=relu) // " + line + "\n";
                case 2 -> "    BatchNormalization()\n";
                default -> "    Dropout(rate)\n";
            });
        }
        sb.append("    Dense(10, activation=softmax)\n}\n\n");
        sb.append("train Bench {\n    data = csv(\"bench.csv\", label=\"y\")\n    loss = sparse_categorical_crossentropy\n"
                + "    optimizer = Adam()\n    metrics = [accuracy]\n    epochs = 5\n    batch_size = 32\n}\n");
        return sb.toString();
    }
}
