package dev.nnl.compiler.check;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostics;
import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.ir.OutputRef;
import dev.nnl.compiler.layers.Family;
import dev.nnl.compiler.layers.core.Dense;
import dev.nnl.compiler.source.Span;
import dev.nnl.compiler.train.TrainConfig;
import dev.nnl.compiler.train.TrainSchemas;
import java.util.Map;

/**
 * A train block against the model it trains: the loss against the outputs, and the lints about
 * the output activation and the optimizer (their texts are their entries in diag/Code.java).
 */
final class TrainAgainstModel {
    private final Diagnostics diags;

    TrainAgainstModel(Diagnostics diags) {
        this.diags = diags;
    }

    /** The loss against each output: its rank and units ({@link Code#LOSS_OUTPUT}) and its activation. */
    void lossAgainstOutputs(TrainConfig.Loss loss, ModelIR model) {
        for (OutputRef out : model.outputs()) {
            LayerNode node = model.layer(out.name());
            long units = out.shape().last();
            String activation = node == null ? "linear" : node.def().outputActivation(node.args());
            String where = "`" + out.name() + "` " + out.shape();
            switch (loss.name()) {
                case "sparse_categorical_crossentropy", "categorical_crossentropy" -> {
                    if (out.shape().rank() > 1) {
                        LayerNode dense = firstDenseOnFeatureMap(model);
                        diags.report(Code.LOSS_OUTPUT, loss.span(), loss.name(), where,
                                        "it needs one vector of class scores per sample, (None, classes)")
                                .related(dense == null ? null : dense.span(), "Dense keeps the axes before the last one")
                                .help(dense == null ? "add `Flatten()` or a global pooling layer before the output layer"
                                        : "add `Flatten()` (or `GlobalAveragePooling" + (dense.outputShapes().get(0).rank() == 2 ? "1D" : "2D")
                                                + "()`) before `" + dense.name() + "`").emit();
                    } else if (units == 1) {
                        diags.report(Code.LOSS_OUTPUT, loss.span(), loss.name(), where,
                                        "it needs one unit per class, and the output has 1 unit")
                                .related(node == null ? null : node.span(), "the output layer")
                                .help("for two classes use `Dense(1, activation=sigmoid)` with binary_crossentropy, "
                                        + "or `Dense(2, activation=softmax)`").emit();
                    } else if (activation.equals("sigmoid")) {
                        outputActivation(loss, node, "sigmoid outputs do not sum to 1, but " + loss.name() + " expects a distribution",
                                "use `activation=softmax`");
                    } else if (activation.equals("linear") && !loss.fromLogits()) {
                        outputActivation(loss, node, "the output has no activation, but " + loss.name() + " expects probabilities",
                                "use `activation=softmax`, or `loss = " + className(loss.name()) + "(from_logits=true)`");
                    }
                }
                case "binary_crossentropy" -> {
                    // One softmax unit is reported on its own (softmax-one-unit), with the same fix.
                    if (activation.equals("softmax") && units != 1) {
                        outputActivation(loss, node, "softmax makes the units compete, but binary_crossentropy scores each unit on its own",
                                "use `Dense(1, activation=sigmoid)` for one yes/no output, or sigmoid units for several labels");
                    } else if (activation.equals("linear") && !loss.fromLogits()) {
                        outputActivation(loss, node, "the output has no activation, but binary_crossentropy expects probabilities",
                                "use `activation=sigmoid`, or `loss = BinaryCrossentropy(from_logits=true)`");
                    }
                }
                default -> {
                    if (activation.equals("softmax")) {
                        outputActivation(loss, node, "a softmax output with regression loss " + loss.name() + " is usually a mistake",
                                "use a linear output (no activation) for regression");
                    }
                }
            }
        }
    }

    /** The first Dense applied to a feature map (rank &gt; 1): where a missing Flatten belongs. */
    private static LayerNode firstDenseOnFeatureMap(ModelIR model) {
        for (LayerNode n : model.layers()) {
            if (n.def() instanceof Dense && n.outputShapes().get(0).rank() > 1) {
                return n;
            }
        }
        return null;
    }

    /** {@link Code#OUTPUT_ACTIVATION}: the output activation does not suit the loss. */
    private void outputActivation(TrainConfig.Loss loss, LayerNode node, String message, String help) {
        Span at = node == null ? loss.span() : node.args().isGiven("activation") ? node.args().span("activation") : node.span();
        diags.report(Code.OUTPUT_ACTIVATION, at, message).related(loss.span(), "the loss is set here").help(help).emit();
    }

    private static String className(String loss) {
        for (Map.Entry<String, String> e : TrainSchemas.LOSS_CLASSES.entrySet()) {
            if (e.getValue().equals(loss)) {
                return e.getKey();
            }
        }
        return loss;
    }

    /** {@link Code#RECURRENT_OPTIMIZER}: SGD or Adagrad on a recurrent model. */
    void recurrentOptimizer(ModelIR model, TrainConfig.Configured optimizer) {
        boolean recurrent = model.layers().stream().anyMatch(n -> n.def().family() == Family.RECURRENT);
        if (recurrent && (optimizer.name().equals("SGD") || optimizer.name().equals("Adagrad"))) {
            diags.report(Code.RECURRENT_OPTIMIZER, optimizer.span(), optimizer.name())
                    .help("try `optimizer = RMSprop()` or `optimizer = Adam()`").emit();
        }
    }
}
