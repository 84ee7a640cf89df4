package dev.nnl.compiler.summary;

import dev.nnl.compiler.ir.InputNode;
import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.ir.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code nnlc summary}: the table Keras 3's {@code model.summary()} prints. A chain of layers
 * prints like a Sequential model; a graph adds input rows and a "Connected to" column, as a
 * Functional model does.
 */
public final class SummaryText {
    private SummaryText() {
    }

    public static String render(ModelIR m) {
        boolean graph = !m.isSequential();
        List<String[]> rows = new ArrayList<>();
        if (graph) {
            for (InputNode in : m.inputs()) {
                rows.add(new String[] {in.name() + " (InputLayer)", in.shape().toString(), "0", "-"});
            }
        }
        for (LayerNode n : m.layers()) {
            String shape = n.outputShapes().size() == 1 ? n.outputShapes().get(0).toString()
                    : n.outputShapes().stream().map(Shape::toString).collect(Collectors.joining(", ", "[", "]"));
            // Keras's "Connected to" is layer[node][tensor]; every layer here is called once (node 0).
            String connected = n.inbound().stream()
                    .map(s -> s.endsWith("]") ? s.substring(0, s.lastIndexOf('[')) + "[0]" + s.substring(s.lastIndexOf('[')) : s + "[0][0]")
                    .collect(Collectors.joining(", "));
            rows.add(new String[] {n.name() + " (" + n.className() + ")", shape, grouped(n.params()), connected});
        }
        String[] head = graph ? new String[] {"Layer (type)", "Output Shape", "Param #", "Connected to"}
                : new String[] {"Layer (type)", "Output Shape", "Param #"};
        int[] width = graph ? new int[] {25, 22, 11, 20} : new int[] {31, 22, 13};
        for (String[] r : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(m.name()).append("\"\n");
        sb.append(rule("┏", "┳", "┓", '━', width));
        sb.append(row("┃", head, width));
        sb.append(rule("┡", "╇", "┩", '━', width));
        for (int i = 0; i < rows.size(); i++) {
            sb.append(row("│", rows.get(i), width));
            sb.append(i + 1 < rows.size() ? rule("├", "┼", "┤", '─', width) : rule("└", "┴", "┘", '─', width));
        }
        if (rows.isEmpty()) {
            sb.append(rule("└", "┴", "┘", '─', width));
        }
        long total = m.totalParams();
        long trainable = m.trainableParams();
        sb.append(" Total params: ").append(grouped(total)).append(" (").append(memory(total * 4.0)).append(")\n");
        sb.append(" Trainable params: ").append(grouped(trainable)).append(" (").append(memory(trainable * 4.0)).append(")\n");
        sb.append(" Non-trainable params: ").append(grouped(total - trainable)).append(" (")
                .append(memory((total - trainable) * 4.0)).append(")\n");
        return sb.toString();
    }

    private static String rule(String left, String mid, String right, char fill, int[] width) {
        StringBuilder sb = new StringBuilder(left);
        for (int i = 0; i < width.length; i++) {
            sb.append(String.valueOf(fill).repeat(width[i] + 2)).append(i + 1 < width.length ? mid : right);
        }
        return sb.append('\n').toString();
    }

    /** The param column is right-aligned, the others left-aligned, as in Keras. */
    private static String row(String bar, String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder(bar);
        for (int i = 0; i < width.length; i++) {
            String c = cells[i];
            String pad = " ".repeat(width[i] - c.length());
            sb.append(' ').append(i == 2 ? pad + c : c + pad).append(' ').append(bar);
        }
        return sb.append('\n').toString();
    }

    /**
     * {@code 1,234,567}, as {@code String.format(Locale.ROOT, "%,d", n)} writes it, without the
     * Formatter: its first use loads the formatter, regular expressions and locale data, some
     * 40 ms of CPU time in a one-file `nnlc check`, which prints a parameter count
     * (docs/performance.md).
     */
    public static String grouped(long n) {
        String digits = Long.toString(n);
        int first = n < 0 ? 1 : 0;
        StringBuilder sb = new StringBuilder(digits.length() + digits.length() / 3);
        for (int i = 0; i < digits.length(); i++) {
            sb.append(digits.charAt(i));
            int after = digits.length() - 1 - i;
            if (i >= first && after > 0 && after % 3 == 0) {
                sb.append(',');
            }
        }
        return sb.toString();
    }

    /**
     * keras.src.utils.summary_utils.readable_memory_size: powers of 1024, two decimals. Also how
     * the runtime's memory checks print sizes, so the numbers read the same as the summary's.
     */
    public static String memory(double bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
        for (String unit : units) {
            if (bytes / 1024 < 1) {
                return String.format(Locale.ROOT, "%.2f %s", bytes, unit);
            }
            bytes /= 1024;
        }
        return String.format(Locale.ROOT, "%.2f EB", bytes);
    }
}
