package dev.nnl.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.compiler.summary.SummaryText;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Language behaviours that users rely on, each pinned by one small model. */
class LanguageTest {
    static Compilation compile(String src) {
        return Compiler.compile(SourceFile.of("t.nnl", src));
    }

    static List<Code> codes(Compilation c) {
        return c.diagnostics().stream().map(Diagnostic::code).toList();
    }

    @Test
    void blockInputNamesTheTensorItIsAppliedTo() {
        Compilation c = compile("""
                block Residual(filters) {
                    input x
                    y = x -> Conv2D(filters, 3, padding=same, activation=relu) -> Conv2D(filters, 3, padding=same)
                    Add(x, y) -> ReLU()
                }
                model Net {
                    input image: (16, 16, 8)
                    Residual(8)
                    Residual(8)
                    GlobalAveragePooling2D()
                    Dense(2, activation=softmax)
                }
                """);
        assertEquals(List.of(), codes(c));
        ModelIR m = c.models().get("Net");
        assertEquals(List.of("conv2d", "conv2d_1", "add", "re_lu", "conv2d_2", "conv2d_3", "add_1", "re_lu_1",
                "global_average_pooling2d", "dense"), m.layers().stream().map(n -> n.name()).toList());
        assertEquals(List.of("re_lu", "conv2d_3"), m.layer("add_1").inbound());
    }

    @Test
    void layersTheOutputsDoNotNeedAreNotPartOfTheModel() {
        Compilation c = compile("""
                model M {
                    input x: (4)
                    a = x -> Dense(8, activation=relu)
                    Dense(4, activation=relu)
                    output a
                }
                """);
        assertEquals(List.of(Code.DEAD_LAYER), codes(c));
        ModelIR m = c.models().get("M");
        assertEquals(1, m.layers().size());
        assertEquals(40, m.totalParams(), "Keras counts only the layers between inputs and outputs");
    }

    @Test
    void aMergeOnItsOwnLineContinuesFromTheLayerWithSeveralOutputs() {
        Compilation c = compile("""
                model M {
                    input x: (10, 4)
                    Bidirectional(LSTM(8), merge_mode=none)
                    Concatenate()
                    Dense(1)
                }
                """);
        assertEquals(List.of(), codes(c));
        String summary = SummaryText.render(c.models().get("M"));
        assertTrue(summary.contains("bidirectional[0][0], bidirectional[0][1]"), summary);
    }

    @Test
    void masksFollowKeras3() {
        Compilation spatial = compile("""
                model M {
                    input t: (20) int32
                    Embedding(100, 8, mask_zero=true)
                    SpatialDropout1D(0.2)
                    LSTM(4)
                }
                """);
        assertEquals(List.of(), codes(spatial), "SpatialDropout1D passes the mask on, as Dropout does");
        Compilation max = compile("""
                model M {
                    input t: (20) int32
                    Embedding(100, 8, mask_zero=true)
                    GlobalMaxPooling1D()
                }
                """);
        assertEquals(List.of(Code.MASK_DROPPED), codes(max), "Keras 3's GlobalMaxPooling1D ignores the mask");
    }

    @Test
    void layerNamesCannotHoldSpacesOrSlashes() {
        assertEquals(List.of(Code.ARGUMENT_VALUE), codes(compile("model M {\n input x: (4)\n Dense(2, name=\"a b\")\n}\n")));
        assertEquals(List.of(Code.ARGUMENT_VALUE), codes(compile("model M {\n input x: (4)\n Dense(2, name=\"a/b\")\n}\n")));
    }

    @Test
    void testDataIsADataSourceOfTheTrainBlock() {
        Compilation c = compile("""
                model M {
                    input x: (4)
                    Dense(3, activation=softmax)
                }
                train M {
                    data      = csv("train.csv", label="species")
                    loss      = sparse_categorical_crossentropy
                    test_data = csv("test.csv", label="species", standardize=true)
                }
                """);
        assertEquals(List.of(), codes(c));
        var test = c.trains().get("M").testData();
        assertEquals("csv", test.name());
        assertEquals("test.csv", test.args().getString("path"));
        Compilation bad = compile("model M {\n input x: (4)\n Dense(3, activation=softmax)\n}\n"
                + "train M {\n loss = sparse_categorical_crossentropy\n test_data = csv(\"t.csv\", lable=\"y\")\n}\n");
        assertEquals(List.of(Code.UNKNOWN_ARGUMENT), codes(bad), "checked as data sources are");
    }
}
