package org.mnn.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code mnn} command line. Subcommands are listed in the {@code subcommands} attribute below:
 * adding one is one line there (every command gets {@code --help} and {@code --version}
 * automatically, see {@link #commandLine()}).
 *
 * <p>Exit codes: 0 success, 1 the computation failed (no convergence, a singular system, an I/O
 * error), 2 invalid input (unknown option, unparsable ODE text, grid or parameter).
 */
@Command(name = "mnn",
        description = "Mechanistic Neural Networks: NeuRLP ODE solving and equation discovery from the command line.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {
            SolveCommand.class,
            BenchCommand.class,
            DemoCommand.class,
            DiscoverCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Main implements Callable<Integer> {
    /** Version shown by {@code --version}. */
    public static final String VERSION = "0.1.0-SNAPSHOT";

    @Spec
    CommandSpec spec;

    /** {@code mnn} without a command: usage on stderr, exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("mnn: missing command");
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    /**
     * The configured command line: standard help options on every (sub)command, and failures
     * reported as one message on stderr (a stack trace only with MNN_DEBUG set).
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        addHelpOptions(cl);
        cl.setExecutionExceptionHandler(new Failures());
        return cl;
    }

    private static void addHelpOptions(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        if (!spec.mixinStandardHelpOptions()) {
            spec.mixinStandardHelpOptions(true);
        }
        if (spec.version().length == 0) {
            spec.versionProvider(new Version());
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                addHelpOptions(sub);
            }
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** {@code mnn --version}. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "mnn " + VERSION,
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
            };
        }
    }

    /** Uncaught exceptions of a command: a one-line message, exit 2 for bad input, 1 otherwise. */
    static final class Failures implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
            PrintWriter err = cl.getErr();
            boolean input = e instanceof IllegalArgumentException && !(e instanceof NumberFormatException);
            err.println(cl.getCommandSpec().qualifiedName() + ": " + (input ? "invalid input: " : "error: ")
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
            if (System.getenv("MNN_DEBUG") != null) {
                e.printStackTrace(err);
            }
            err.flush();
            return input ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
        }
    }
}
