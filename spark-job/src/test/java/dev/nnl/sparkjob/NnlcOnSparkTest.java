package dev.nnl.sparkjob;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line the job jar's main class gives nnlc under spark-submit. */
class NnlcOnSparkTest {
    @Test
    void trainGetsSparkSubmitsMasterAndOneWorkerPerExecutor() {
        assertEquals(List.of("train", "--spark", "yarn", "--workers", "4", "m.nnl", "--data", "hdfs://n/d"),
                NnlcOnSpark.arguments(List.of("train", "m.nnl", "--data", "hdfs://n/d"), "yarn", "4"));
        assertEquals(List.of("--verbose", "train", "--spark", "spark://h:7077", "m.nnl"),
                NnlcOnSpark.arguments(List.of("--verbose", "train", "m.nnl"), "spark://h:7077", null));
    }

    @Test
    void givenOptionsWin() {
        assertEquals(List.of("train", "--spark", "k8s://h", "m.nnl", "--workers", "2"),
                NnlcOnSpark.arguments(List.of("train", "m.nnl", "--workers", "2"), "k8s://h", "8"));
        assertEquals(List.of("train", "m.nnl", "--spark=local[2]"), NnlcOnSpark.arguments(List.of("train", "m.nnl", "--spark=local[2]"), "yarn", "8"));
        // local[N] has its own worker count.
        assertEquals(List.of("train", "--spark", "local[2]", "m.nnl"), NnlcOnSpark.arguments(List.of("train", "m.nnl"), "local[2]", "8"));
    }

    @Test
    void otherCommandsAndNoMasterAreLeftAlone() {
        assertEquals(List.of("check", "train.nnl"), NnlcOnSpark.arguments(List.of("check", "train.nnl"), "yarn", "4"));
        assertEquals(List.of("train", "m.nnl"), NnlcOnSpark.arguments(List.of("train", "m.nnl"), null, "4"));
    }
}
