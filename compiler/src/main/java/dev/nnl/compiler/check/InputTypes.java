package dev.nnl.compiler.check;

import dev.nnl.compiler.ast.Expr;
import dev.nnl.compiler.ast.Ident;
import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostics;
import dev.nnl.compiler.ir.DType;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.value.Value;
import java.util.List;
import java.util.Locale;

/** The shape and dtype written in an {@code input} statement, e.g. {@code input x: (28, 28, 1) float32}. */
final class InputTypes {
    private final Diagnostics diags;
    private final Evaluator evaluator;

    InputTypes(Diagnostics diags, Evaluator evaluator) {
        this.diags = diags;
        this.evaluator = evaluator;
    }

    /** The dtype written, float32 when none is; an unknown word is reported and read as the kind of type it looks like. */
    DType dtype(Ident written) {
        if (written == null) {
            return DType.FLOAT32;
        }
        String word = written.text();
        DType dtype = DType.parse(word);
        if (dtype != null) {
            return dtype;
        }
        // Go on with the kind of type that was meant, so the lints do not pile on.
        boolean integer = word.toLowerCase(Locale.ROOT).matches("u?int\\d*|long|short|byte");
        String dym = Suggest.didYouMean(word, List.of("float32", "int32"));
        diags.report(Code.UNKNOWN_DTYPE, written.span(), word)
                .help(dym != null ? dym : integer ? "token ids are `int32`" : "inputs are `float32` or `int32`").emit();
        return integer ? DType.INT32 : DType.FLOAT32;
    }

    /** The shape without the batch axis; null after reporting. */
    Shape shape(Expr e, Scope scope) {
        Value v = evaluator.eval(e, scope);
        if (v == null) {
            return null;
        }
        List<Value> items = v instanceof Value.Tuple t ? t.items() : v instanceof Value.ListV l ? l.items() : List.of(v);
        if (items.isEmpty()) {
            diags.report(Code.BAD_INPUT_SHAPE, e.span(), "an input needs at least one dimension")
                    .help("a vector of 10 features is `(10)`").emit();
            return null;
        }
        long[] dims = new long[items.size()];
        for (int i = 0; i < dims.length; i++) {
            Value d = items.get(i);
            if (d instanceof Value.None) {
                dims[i] = Shape.NONE;
                continue;
            }
            Long n = d instanceof Value.Num num ? num.asLong() : null;
            if (d instanceof Value.Sym s) {
                diags.report(Code.UNDEFINED_NAME, d.span(), s.name())
                        .help(Suggest.didYouMean(s.name(), scope.constantNames())).emit();
                return null;
            }
            if (n == null || n < 1) {
                String help = null;
                if (n != null && n == -1) {
                    help = i == 0 && dims.length > 1 ? "leave out the batch dimension: nnl adds it, as Keras does"
                            : "write `none` for an axis whose size varies";
                }
                diags.report(Code.BAD_INPUT_SHAPE, d.span(), "expected a positive integer or `none`, found " + d.describe())
                        .help(help).emit();
                return null;
            }
            dims[i] = n;
        }
        Shape s = Shape.of(dims);
        try {
            s.elements();
        } catch (ArithmeticException overflow) {
            diags.report(Code.SIZE_OVERFLOW, e.span(), "the number of elements per sample", "2^63").emit();
            return null;
        }
        return s;
    }
}
