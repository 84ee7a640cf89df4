package dev.nnl.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes what an install ships beside the jars (docs/install.md): the bash completion script and
 * the man pages, as AsciiDoc, of nnlc and each subcommand. Both come from {@link Main#commandLine}
 * with every subcommand, the command line nnlc runs, so they list what nnlc accepts.
 * dist/pom.xml runs this at package time and turns the AsciiDoc into troff. ManPageGenerator is in
 * picocli-codegen, which only the build has (cli/pom.xml, scope provided): nnlc never loads this class.
 */
public final class Docs {
    private Docs() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: Docs COMPLETION_FILE MAN_ASCIIDOC_DIR");
            System.exit(ExitCode.USAGE);
        }
        CommandLine cl = Main.commandLine(Main.SUBCOMMANDS);
        Path completion = Path.of(args[0]);
        Files.createDirectories(completion.toAbsolutePath().getParent());
        Files.writeString(completion, AutoComplete.bash("nnlc", cl), StandardCharsets.UTF_8);
        int code = ManPageGenerator.generateManPage(new File(args[1]), null, new boolean[0], true, cl.getCommandSpec());
        if (code != CommandLine.ExitCode.OK) {
            System.err.println("Docs: the man pages failed (exit " + code + ")");
            System.exit(ExitCode.INTERNAL);
        }
    }
}
