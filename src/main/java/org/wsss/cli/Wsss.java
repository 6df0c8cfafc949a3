package org.wsss.cli;

import java.io.PrintWriter;
import java.io.FileNotFoundException;
import org.wsss.config.ConfigError;
import org.wsss.io.BadInputException;
import org.wsss.io.MissingInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code wsss} command line: one subcommand per stage, plus data preparation, the pipeline and the demo. */
@Command(name = "wsss", mixinStandardHelpOptions = true, version = "wsss-spark 0.1.0",
        description = "Weakly supervised segmentation masks from image labels (AffinityNet on Spark and DJL).",
        subcommands = {SynthCommand.class, PrepareCommand.class, IndexCommand.class, TrainCamCommand.class,
                CamsCommand.class, AffinityLabelsCommand.class, TrainAffinityCommand.class, RandomWalkCommand.class,
                TrainSegCommand.class, SegmentCommand.class, EvaluateCommand.class,
                ReportCommand.class, ExportMasksCommand.class, PipelineCommand.class, DemoCommand.class,
                ToolCommand.class, CommandLine.HelpCommand.class})
public final class Wsss implements Runnable {
    public static final int USER_ERROR = 2;
    public static final int FAILURE = 1;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "choose a subcommand (see --help)");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code, without exiting (tests call this). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Wsss());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> handle(e, commandLine.getErr()));
        return cli.execute(args);
    }

    private static int handle(Exception e, PrintWriter err) {
        Throwable cause = rootUserError(e);
        if (cause != null) {
            err.println("wsss: error: " + cause.getMessage());
            err.flush();
            return USER_ERROR;
        }
        err.println("wsss: failed: " + e);
        e.printStackTrace(err);
        err.flush();
        return FAILURE;
    }

    /** User mistakes may arrive wrapped (Spark wraps task failures); find the first one in the chain. */
    private static Throwable rootUserError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UserError || t instanceof ConfigError || t instanceof MissingInputException
                    || t instanceof BadInputException || t instanceof FileNotFoundException) {
                return t;
            }
        }
        return null;
    }
}
