package dev.nnl.compiler.layers.core;

import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.ir.Weight;
import dev.nnl.compiler.layers.ArgType;
import dev.nnl.compiler.layers.Category;
import dev.nnl.compiler.layers.Common;
import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.compiler.layers.LayerContext;
import dev.nnl.compiler.layers.Masking;
import dev.nnl.compiler.layers.ParamSchema;
import dev.nnl.compiler.layers.SingleInputLayer;
import dev.nnl.compiler.layers.TensorKind;
import java.util.List;
import java.util.Set;

/**
 * keras.layers.Embedding: integer ids in [0, input_dim) to vectors. {@code mask_zero=true}
 * makes id 0 padding, masked in later layers. {@code embeddings=pretrained("file")} loads
 * GloVe/word2vec text vectors at training time (an nnl extension of Keras's {@code weights}).
 */
public final class Embedding extends SingleInputLayer {
    private static final ParamSchema PARAMS = ParamSchema.builder()
            .required("input_dim", ArgType.integer(1), "Vocabulary size: ids are in [0, input_dim).")
            .required("output_dim", ArgType.integer(1), "Size of each embedding vector.")
            .optional("embeddings_initializer", Common.INITIALIZER, Common.sym("uniform"), "uniform", "Initializer for the embedding matrix.")
            .optional("embeddings_regularizer", Common.REGULARIZER, null, "none", "Regularizer on the embedding matrix.")
            .optional("embeddings_constraint", Common.CONSTRAINT, null, "none", "Constraint on the embedding matrix.")
            .optional("mask_zero", ArgType.bool(), false, "false", "Treat id 0 as padding and mask it in later layers.")
            .optional("embeddings", ArgType.optional(ArgType.call("`pretrained(\"vectors.txt\")`", Set.of("pretrained"))), null, "none",
                    "Pretrained vectors (GloVe/word2vec text) aligned to the vocabulary at training time.")
            .ignored("input_length", "Keras 3 takes the sequence length from the input shape")
            .build();

    @Override
    public String className() {
        return "Embedding";
    }

    @Override
    public Category category() {
        return Category.CORE;
    }

    @Override
    public String doc() {
        return "Turns integer token ids into dense vectors.";
    }

    @Override
    public String shapeRule() {
        return "(batch, …) int ids → (batch, …, output_dim)";
    }

    @Override
    public String example() {
        return "Embedding(10000, 64, mask_zero=true)";
    }

    @Override
    public ParamSchema params() {
        return PARAMS;
    }

    @Override
    public TensorKind takes() {
        return TensorKind.IDS;
    }

    @Override
    public TensorKind gives(LayerArgs args) {
        return TensorKind.SEQUENCE;
    }

    /** A mask starts here with mask_zero; none arrives, as token ids come straight from an input. */
    @Override
    public Masking masking(LayerArgs args) {
        return args.getBool("mask_zero") ? Masking.PRODUCE : Masking.UNSUPPORTED;
    }

    @Override
    protected Shape output(LayerContext c, Shape in) {
        return in.append(c.args().getLong("output_dim"));
    }

    @Override
    protected List<Weight> weights(LayerArgs a, Shape in) {
        return Common.weights("embeddings", Shape.of(a.getLong("input_dim"), a.getLong("output_dim")));
    }
}
