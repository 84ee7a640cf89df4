package dev.nnl.compiler.check;

import dev.nnl.compiler.ast.Expr;
import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostics;
import dev.nnl.compiler.ir.DType;
import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.layers.Family;
import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.compiler.layers.LayerDef;
import dev.nnl.compiler.layers.Masking;
import dev.nnl.compiler.layers.TensorKind;
import dev.nnl.compiler.layers.activation.Softmax;
import dev.nnl.compiler.layers.core.Dense;
import dev.nnl.compiler.layers.core.Dropout;

/**
 * The rules of thumb about one layer call, one function per lint. Each lint's message and
 * explanation are its entry in diag/Code.java (the catalog docs/diagnostics.md is generated
 * from); the lints about the loss and optimizer are in {@link TrainChecker}.
 */
final class ModelLints {
    private final Diagnostics diags;

    ModelLints(Diagnostics diags) {
        this.diags = diags;
    }

    /** The lints that look at a call and its first input, before its shape is inferred. */
    void beforeInference(LayerDef def, LayerArgs args, Expr.Call call, SymbolicTensor in) {
        dropoutAfterInput(def, call, in);
        linearStack(def, in);
        layerFamily(def, call, in);
        embeddingFloatInput(def, call, in);
        tokensWithoutEmbedding(def, call, in);
        maskDropped(def, args, call, in);
    }

    /** The lints that look at the layer as built. */
    void afterInference(LayerDef def, LayerArgs args, LayerNode node) {
        softmaxOneUnit(def, args, node);
    }

    /** {@link Code#DROPOUT_AFTER_INPUT}: Dropout straight on an input. */
    private void dropoutAfterInput(LayerDef def, Expr.Call call, SymbolicTensor in) {
        if (def instanceof Dropout && in.isInput) {
            diags.report(Code.DROPOUT_AFTER_INPUT, call.span(), in.producer)
                    .help("put Dropout after a hidden layer; for input noise use GaussianNoise").emit();
        }
    }

    /** {@link Code#LINEAR_STACK}: a Dense without activation feeding another Dense, reported at the first. */
    private void linearStack(LayerDef def, SymbolicTensor in) {
        if (def instanceof Dense && in.node != null && in.node.def() instanceof Dense
                && "linear".equals(in.node.args().get("activation"))) {
            diags.report(Code.LINEAR_STACK, in.node.span(), in.producer)
                    .help("add `activation=relu` to `%s`", in.node.name()).emit();
        }
    }

    /** {@link Code#LAYER_FAMILY}: a 2D layer on a sequence, or a 1D layer on an image. */
    private void layerFamily(LayerDef def, Expr.Call call, SymbolicTensor in) {
        String cls = def.className();
        if (def.family() == Family.SPATIAL_2D && in.kind == TensorKind.SEQUENCE) {
            diags.report(Code.LAYER_FAMILY, call.span(), "`" + cls + "` on a sequence " + in.shape)
                    .help("use the 1D layer: `" + cls.replace("2D", "1D") + "`").emit();
        } else if (def.family() == Family.SPATIAL_1D && in.kind == TensorKind.FEATURE_MAP) {
            diags.report(Code.LAYER_FAMILY, call.span(), "`" + cls + "` on an image reshaped to " + in.shape)
                    .help("use the 2D layer on the image: `" + cls.replace("1D", "2D") + "`").emit();
        }
    }

    /** {@link Code#EMBEDDING_FLOAT_INPUT}: token ids declared float32. A computed float is an error, reported before the lints. */
    private void embeddingFloatInput(LayerDef def, Expr.Call call, SymbolicTensor in) {
        if (def.takes() == TensorKind.IDS && in.dtype == DType.FLOAT32 && in.isInput) {
            diags.report(Code.EMBEDDING_FLOAT_INPUT, call.span(), in.producer)
                    .help("declare it `input " + in.producer + ": " + in.shape.toString().replace("None, ", "") + " int32`").emit();
        }
    }

    /** {@link Code#TOKENS_WITHOUT_EMBEDDING}: int32 data computed on as quantities; once per tensor. */
    private void tokensWithoutEmbedding(LayerDef def, Expr.Call call, SymbolicTensor in) {
        if (def.takes() != TensorKind.IDS && in.dtype == DType.INT32 && !def.keepsDtype() && !in.warnedTokens) {
            in.warnedTokens = true;
            diags.report(Code.TOKENS_WITHOUT_EMBEDDING, call.span(), in.producer, def.className())
                    .help("start with `Embedding(vocab_size, dim)`").emit();
        }
    }

    /** {@link Code#MASK_DROPPED}: a padding mask reaches a layer that ignores it. */
    private void maskDropped(LayerDef def, LayerArgs args, Expr.Call call, SymbolicTensor in) {
        if (in.maskFrom != null && def.masking(args) == Masking.UNSUPPORTED) {
            diags.report(Code.MASK_DROPPED, call.span(), def.className(), in.maskFrom)
                    .help(def.readsAcrossSteps()
                            ? "use a recurrent layer or GlobalAveragePooling1D, which respect the mask, or set mask_zero=false"
                            : "set mask_zero=false if padding does not matter here").emit();
        }
    }

    /** {@link Code#SOFTMAX_ONE_UNIT}: {@code Dense(1, activation=softmax)} or a Softmax over an axis of size 1. */
    private void softmaxOneUnit(LayerDef def, LayerArgs args, LayerNode node) {
        boolean dense1 = def instanceof Dense && "softmax".equals(args.get("activation")) && args.getLong("units") == 1;
        boolean softmax1 = def instanceof Softmax && node.outputShapes().get(0).last() == 1;
        if (dense1 || softmax1) {
            diags.report(Code.SOFTMAX_ONE_UNIT, dense1 ? args.span("activation") : node.span())
                    .help("for a yes/no output use `activation=sigmoid`; for classes, one unit per class").emit();
        }
    }
}
