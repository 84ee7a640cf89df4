package dev.nnl.runtime.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.runtime.NnlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputPathTest {
    @TempDir
    Path dir;

    @Test
    void anInputIsRefusedHoweverItIsSpelled() throws IOException {
        Path src = Files.writeString(dir.resolve("model.nnl"), "model M {}");
        Path link = Files.createSymbolicLink(dir.resolve("link.nnl"), src);
        for (Path out : List.of(src, dir.resolve("sub/../model.nnl"), link)) {
            Files.createDirectories(dir.resolve("sub"));
            NnlException e = assertThrows(NnlException.class, () -> OutputPath.check(out, List.of(src)));
            String which = out.equals(src) ? "this command also reads or writes it"
                    : "it is the same file as " + src + ", which this command also reads or writes";
            assertEquals("cannot write " + out + ": " + which + "; choose another output file", e.getMessage());
            assertFalse(e.isIo());
        }
        assertEquals("model M {}", Files.readString(src));
    }

    @Test
    void twoOutputsThatDoNotExistYetAreComparedByPath() {
        Path out = dir.resolve("m.nnlz");
        NnlException e = assertThrows(NnlException.class, () -> OutputPath.check(dir.resolve("x/../m.nnlz"), List.of(out)));
        assertTrue(e.getMessage().contains("same file as " + out), e.getMessage());
    }

    @Test
    void anUnwritableOutputIsAnIoErrorNamingThePath() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        NnlException e = assertThrows(NnlException.class, () -> OutputPath.check(sub, List.of()));
        assertEquals("cannot write " + sub + ": is a directory", e.getMessage());
        assertTrue(e.isIo());
    }

    @Test
    void aGoodOutputPassesAndLeavesNothingBehind() throws IOException {
        Path in = Files.writeString(dir.resolve("in.csv"), "a\n1\n");
        assertDoesNotThrow(() -> OutputPath.check(dir.resolve("new/out.csv"), Arrays.asList(in, null)));
        assertDoesNotThrow(() -> OutputPath.check(null, List.of(in)));
        try (var files = Files.list(dir.resolve("new"))) {
            assertEquals(0, files.count());
        }
    }
}
