package org.wsss.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

@Command(name = "tool", mixinStandardHelpOptions = true,
        description = "Run one algorithm on raw arrays, for checking against other implementations, or check a weight file.",
        subcommands = {CrfToolCommand.class, RandomWalkToolCommand.class, WeightsToolCommand.class})
public final class ToolCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose a tool: crf, random-walk or weights");
    }
}
