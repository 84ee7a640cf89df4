package dev.nnl.graph;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The diagrams stay usable by the language server, which never loads ND4J: nothing here may bring it in. */
class NoNd4jTest {
    @Test
    void nd4jIsNotOnTheClassPath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.nd4j.linalg.factory.Nd4j"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("picocli.CommandLine"));
    }
}
