package dev.nnl.compiler;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Severity;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Hostile and odd source files, shared by the compiler's {@code BadInputTest} and the CLI's
 * {@code CliTest} (through the compiler's test jar). Plain Java: no JUnit types, so the CLI's
 * test class path needs nothing else.
 */
public final class BadInputs {
    private BadInputs() {
    }

    /**
     * One input and what the compiler must say about it.
     *
     * @param expected exactly the distinct codes the compiler must report (none: a clean file);
     *                 one code per independent problem, so a follow-on error is a failure too
     */
    public record BadInput(String name, byte[] bytes, Set<Code> expected) {
        public boolean expectsErrors() {
            return expected.stream().anyMatch(c -> c.severity() == Severity.ERROR);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A small valid model around a body fragment. */
    public static String model(String body) {
        return "model Net {\n    input x: (4)\n" + body + "\n}\n";
    }

    public static List<BadInput> all() {
        return List.of(
                text("empty file", "", Code.NO_MODEL),
                text("only comments", "// a line comment\n/* a block\n   comment */\n// nnl: allow(linear-stack)\n", Code.NO_MODEL),
                new BadInput("binary garbage", garbage(42, 16_384), Set.of(Code.INVALID_UTF8, Code.TOO_MANY_ERRORS)),
                text("NUL bytes in a model", model("    Dense(8,\u0000 activation=relu)\u0000\n    Dense(2)"),
                        Code.UNEXPECTED_CHARACTER),
                text("UTF-8 BOM", "\uFEFF" + model("    Dense(2)")),
                text("CRLF line endings", model("    Dense(8, activation=relu)\n    Dense(2)").replace("\n", "\r\n")),
                text("lone CR line endings", model("    Dense(8, activation=relu)\n    Dense(2)").replace("\n", "\r")),
                text("non-ASCII in comments and strings",
                        "// Größe: 😀 — «κόσμε» 日本語\n/* ünïcödé 🚀 */\n"
                                + model("    Dense(8, activation=relu, name=\"schicht_😀_é\")  // ☕\n    Dense(2)")),
                text("non-ASCII identifier", model("    Dense(8, activation=rélu)"), Code.UNEXPECTED_CHARACTER),
                new BadInput("invalid UTF-8 bytes", concat(
                        "// comment with bad bytes: ", new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xC3},
                        "\nmodel Net {\n    input x: (4)\n    Dense(2, name=\"out", new byte[] {(byte) 0xE2, (byte) 0x82},
                        "\")\n}\n"), Set.of(Code.INVALID_UTF8)),
                new BadInput("UTF-16 (PowerShell's `>`)", concat("", new byte[] {(byte) 0xFF, (byte) 0xFE},
                        model("    Dense(2)").getBytes(StandardCharsets.UTF_16LE)), Set.of(Code.INVALID_UTF8)),
                text("10,000-deep parentheses", model("    Dense(" + "(".repeat(10_000) + "1" + ")".repeat(10_000) + ")"),
                        Code.TOO_DEEP),
                text("10,000-deep brackets", model("    Dense(8, activation=" + "[".repeat(10_000) + "]".repeat(10_000) + ")"),
                        Code.TOO_DEEP),
                text("10,000 unary minus signs", model("    Dense(" + "-".repeat(10_000) + "3)")),
                text("100,000-term sum", model("    Dense(" + "1" + "+1".repeat(99_999) + ")")),
                text("500-digit Dense units", model("    Dense(" + "9" + "7".repeat(499) + ")"), Code.ARGUMENT_TYPE),
                text("input dims overflow 64 bits",
                        "model Net {\n    input x: (9223372036854775807, 2)\n    Dense(2)\n}\n", Code.SIZE_OVERFLOW),
                text("three dims of 3,000,000,000",
                        "model Net {\n    input x: (3000000000, 3000000000, 3000000000)\n    Dense(2)\n}\n", Code.SIZE_OVERFLOW),
                text("Reshape of an overflowing tensor", "model Net {\n    input x: (3000000000) int32\n"
                        + "    Embedding(2, 4000000000)\n    Reshape((-1,))\n}\n", Code.SIZE_OVERFLOW),
                text("Dense param count overflows", model("    Dense(4611686018427387904)"), Code.SIZE_OVERFLOW),
                text("Dense kernel plus bias overflows",
                        "model Net {\n    input x: (2)\n    Dense(3074457345618258603)\n}\n", Code.SIZE_OVERFLOW),
                text("model param total overflows", "model Net {\n    input x: (2)\n"
                        + "    Dense(2305843009213693952, activation=relu)\n    Dense(1)\n}\n", Code.SIZE_OVERFLOW),
                text("LSTM gate size overflows", "model Net {\n    input x: (5, 3)\n    LSTM(4611686018427387904)\n}\n",
                        Code.SIZE_OVERFLOW),
                text("Concatenate size overflows", "model Net {\n    input a: (4611686018427387904)\n"
                        + "    input b: (4611686018427387904)\n    output Concatenate(a, b)\n}\n", Code.SIZE_OVERFLOW),
                text("dilated kernel overflows", "model Net {\n    input x: (10, 1)\n"
                        + "    Conv1D(1, 4611686018427387905, dilation_rate=4)\n}\n", Code.EMPTY_OUTPUT),
                text("5,000 models", manyModels(5_000)),
                text("10,000-layer model", model("    Dense(4, activation=relu)\n".repeat(10_000))),
                text("unterminated string at EOF", model("    Dense(2)").replace("\n}\n", "\n    Dense(2, name=\"abc"),
                        // The missing `)` and `}` are the string's fault: one error, not a cascade.
                        Code.UNTERMINATED_STRING),
                text("unterminated block comment at EOF", model("    Dense(2)") + "/* never closed\n * model X {\n",
                        Code.UNTERMINATED_COMMENT));
    }

    /** Looks a case up by name (tests that add precise assertions to one case). */
    public static BadInput named(String name) {
        return all().stream().filter(b -> b.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name));
    }

    private static BadInput text(String name, String text, Code... expected) {
        return new BadInput(name, text.getBytes(StandardCharsets.UTF_8), Set.of(expected));
    }

    /** Seeded random bytes, so a failure reproduces. */
    static byte[] garbage(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String manyModels(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("model M").append(i).append(" { input x: (4); Dense(2) }\n");
        }
        return sb.toString();
    }

    /** Strings (as UTF-8) and raw byte arrays, in order. */
    private static byte[] concat(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            byte[] b = p instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) p;
            out.writeBytes(b);
        }
        return out.toByteArray();
    }
}
