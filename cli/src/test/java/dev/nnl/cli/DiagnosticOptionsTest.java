package dev.nnl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --Werror, --allow and --version on subcommands, as users expect from compilers. */
class DiagnosticOptionsTest {
    @Test
    void werrorPromotesWarningsButNotHints(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("rnn.nnl");
        // An LSTM trained with plain SGD gets an info hint (NNL5007), not a warning.
        Files.writeString(f, "model M {\n input x: (10, 3)\n LSTM(4)\n Dense(1)\n}\n"
                + "train M {\n loss = mse\n optimizer = SGD()\n}\n");
        TrainCliTest.Run r = TrainCliTest.nnlc("check", "--Werror", "--format", "gcc", f.toString());
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("note:") && r.out().contains("NNL5007"), r.out());
    }

    @Test
    void errorsCannotBeAllowed() {
        TrainCliTest.Run r = TrainCliTest.nnlc("check", "--allow", "NNL3001", "x.nnl");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("NNL3001 is an error"), r.err());
    }

    @Test
    void subcommandsKnowTheVersion() {
        TrainCliTest.Run r = TrainCliTest.nnlc("check", "--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("nnlc "), r.out());
    }
}
