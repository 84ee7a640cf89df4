package dev.nnl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Main builds only the subcommand a command line starts with (building them all was a third of
 * `nnlc check`'s start-up), and nnlc behaves the same either way: usage, help, inherited options
 * and the option converters reach the lone command too.
 */
class MainTest {
    @Test
    void aCommandLineThatStartsWithACommandBuildsOnlyThatOne() {
        for (Class<?> sub : Main.SUBCOMMANDS) {
            if (sub != CommandLine.HelpCommand.class) {
                String name = Main.name(sub);
                assertEquals(List.of(sub), Main.subcommandsFor(new String[] {name, "x.nnl"}), name);
            }
        }
    }

    @Test
    void anythingElseBuildsThemAll() {
        for (String[] args : List.of(new String[0], new String[] {"help", "check"}, new String[] {"--verbose", "check"},
                new String[] {"chek"}, new String[] {"--help"}, new String[] {"x.nnl"})) {
            assertEquals(Main.SUBCOMMANDS, Main.subcommandsFor(args), String.join(" ", args));
        }
    }

    @Test
    void eachCommandsHelpIsTheSameAlone() {
        for (Class<?> sub : Main.SUBCOMMANDS) {
            String name = Main.name(sub);
            if (sub == CommandLine.HelpCommand.class) {
                continue;
            }
            TrainCliTest.Run alone = TrainCliTest.nnlc(name, "--help");
            // `nnlc help NAME` builds every command and prints NAME's usage.
            TrainCliTest.Run all = TrainCliTest.nnlc("help", name);
            assertEquals(0, alone.code(), alone.err());
            assertTrue(alone.out().startsWith("Usage: nnlc " + name + " "), alone.out());
            assertEquals(all.out(), alone.out(), name);
        }
    }

    @Test
    void rootOptionsAndWordConvertersReachTheLoneCommand() {
        // --verbose is declared on nnlc and inherited; --format's words come from Words.register.
        for (String[] args : List.of(new String[] {"check", "--verbose", "--format", "xml", "x.nnl"},
                new String[] {"--verbose", "check", "--format", "xml", "x.nnl"})) {
            TrainCliTest.Run r = TrainCliTest.nnlc(args);
            assertEquals(ExitCode.USAGE, r.code(), r.err());
            assertEquals("error: --format takes human, gcc or json, found `xml`\n", r.err().replace("\r\n", "\n"),
                    String.join(" ", args));
        }
    }

    @Test
    void theRootHelpListsEveryCommand() {
        TrainCliTest.Run r = TrainCliTest.nnlc("--help");
        assertEquals(0, r.code(), r.err());
        for (Class<?> sub : Main.SUBCOMMANDS) {
            String name = Main.name(sub);
            assertTrue(r.out().contains("\n  " + name + " "), name + " in\n" + r.out());
        }
    }
}
