package org.wsss.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.wsss.config.WsssSettings;
import org.wsss.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code wsss} command line: one subcommand per stage, plus data preparation, the pipeline and the demo. */
@Command(name = "wsss", mixinStandardHelpOptions = true, version = "wsss-spark 0.1.0",
        description = "Weakly supervised segmentation masks from image labels (AffinityNet on Spark and DJL).",
        subcommands = {SynthCommand.class, PrepareCommand.class})
public final class Wsss implements Runnable {
    public static final int USER_ERROR = 2;
    public static final int FAILURE = 1;
    /** Log settings that keep Spark's and Hadoop's stack traces, chosen by --verbose. */
    private static final String VERBOSE_LOGGING = "classpath:log4j2-verbose.properties";

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "choose a subcommand (see --help)");
    }

    public static void main(String[] args) {
        // Logging starts with the first Spark class, after this; the choice must be made before it.
        if (Arrays.asList(args).contains("--verbose")) System.setProperty("log4j2.configurationFile", VERBOSE_LOGGING);
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code, without exiting (tests call this). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Wsss());
        StageCommand.addAll(cli); // one subcommand per pipeline stage, in pipeline order
        for (Object command : List.of(new ExportMasksCommand(), new PipelineCommand(), new DemoCommand(),
                new ToolCommand(), new CommandLine.HelpCommand())) {
            cli.addSubcommand(command);
        }
        HelpExamples.addTo(cli);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> handle(e, commandLine));
        return cli.execute(args);
    }

    /** The one place a failed command ends: one line on stderr, the stack trace only when asked or in a log. */
    private static int handle(Exception e, CommandLine command) {
        PrintWriter err = command.getErr();
        Optional<CommonOptions> common = CommonOptions.of(command);
        Optional<WsssSettings> settings = common.flatMap(CommonOptions::builtSettings);
        boolean verbose = common.map(c -> c.verbose).orElse(false);
        Failure failure = Failures.explain(e, () -> settings.map(s -> SparkSessions.hadoopConfiguration(s.spark()))
                .orElse(null));
        Optional<String> log = settings.flatMap(s -> FailureLog.write(() -> CliStorage.of(s), s.runRoot(),
                command.getCommandName(), e, failure));
        String hint = !failure.isFault() || verbose ? ""
                : log.map(l -> " (stack trace in " + l + ")").orElse(" (--verbose prints the stack trace)");
        err.println("wsss: error: " + failure.message() + hint);
        if (verbose) e.printStackTrace(err);
        err.flush();
        return failure.exitCode();
    }
}
