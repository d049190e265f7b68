package io.tcptop.packaging;

import io.tcptop.cli.Tcptop;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes what the package ships about the commands, from the command classes themselves, so it
 * cannot drift from them: a man page per command and subcommand (AsciiDoc in the manpage doctype,
 * which the build turns into troff with asciidoctor), and the bash completion script.
 *
 * <p>Usage: {@code Docs OUT_DIR}; writes {@code OUT_DIR/adoc/tcptop*.adoc} and
 * {@code OUT_DIR/completion/tcptop}.
 */
public final class Docs {
  private Docs() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: Docs OUT_DIR");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    CommandLine tcptop = Tcptop.commandLine();
    Path adoc = Files.createDirectories(out.resolve("adoc"));
    int code = ManPageGenerator.generateManPage(adoc.toFile(), null, new boolean[0], true, tcptop.getCommandSpec());
    if (code != 0) {
      throw new IllegalStateException("picocli's ManPageGenerator exited with " + code);
    }
    Path completion = Files.createDirectories(out.resolve("completion"));
    Files.writeString(completion.resolve("tcptop"), AutoComplete.bash("tcptop", tcptop));
    try (var pages = Files.list(adoc)) {
      System.out.println("docs: " + pages.count() + " man pages (AsciiDoc) in " + adoc + ", completion in " + completion);
    }
  }
}
