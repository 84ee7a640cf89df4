package dev.nnl.graph;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.source.SourceFile;

/**
 * How long a 1,000-layer model takes to draw (the issue asks for under 2 s): a benchmark to rerun,
 * not a timed test. {@code mvn -B -o -pl graph -am test-compile} then
 * {@code java -cp "$(cat graph/target/cp.txt):graph/target/classes:graph/target/test-classes" dev.nnl.graph.LargeModelBenchmark}
 * (tools/pictures.sh prints the class path), or run main from an IDE.
 */
public final class LargeModelBenchmark {
    private LargeModelBenchmark() {
    }

    static String source(int layers) {
        StringBuilder s = new StringBuilder("model Big {\n    input x: (64)\n");
        for (int i = 0; i < layers; i++) {
            s.append("    Dense(64, activation=relu)\n");
        }
        return s.append("}\n").toString();
    }

    public static void main(String[] args) {
        int layers = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Compilation c = Compiler.compile(SourceFile.of("big.nnl", source(layers)));
        for (int run = 1; run <= 3; run++) {
            long t0 = System.nanoTime();
            DiagramOptions o = new DiagramOptions(true, true, false, false);
            String svg = SvgWriter.write(Diagrams.of(c, "Big", o), o);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("run " + run + ": " + layers + " layers drawn in " + ms + " ms (" + svg.length() / 1024 + " KiB of SVG)");
        }
    }
}
