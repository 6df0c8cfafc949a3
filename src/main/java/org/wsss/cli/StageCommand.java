package org.wsss.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.wsss.jobs.seg.SegmentStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * The subcommand of one pipeline stage, made from its {@link Pipeline.Entry}: the common options, and
 * {@code --resume} for a training stage. Per-image stages always resume: they make the images whose rows were not
 * made from the current inputs.
 */
@Command(mixinStandardHelpOptions = true)
final class StageCommand implements Callable<Integer> {
    static final String RESUME = "--resume";

    @Mixin
    CommonOptions common;

    private final Pipeline.Entry entry;
    private CommandSpec spec;

    private StageCommand(Pipeline.Entry entry) {
        this.entry = entry;
    }

    /** Adds one subcommand per pipeline stage to {@code cli}. */
    static void addAll(CommandLine cli) {
        for (Pipeline.Entry entry : Pipeline.ENTRIES) {
            if (entry.name().equals(SegmentStage.NAME)) {
                // Its command also segments any image collection (--images), so it has options of its own.
                cli.addSubcommand(entry.name(), new SegmentCommand());
                continue;
            }
            StageCommand command = new StageCommand(entry);
            CommandSpec spec = CommandSpec.forAnnotatedObject(command);
            spec.name(entry.name());
            spec.usageMessage().description(entry.description()
                    + (entry.resumable() ? "" : " Only images without rows made from the current inputs are done."));
            if (entry.resumable()) {
                spec.addOption(OptionSpec.builder(RESUME).type(boolean.class)
                        .description("Continue the latest training run if it was made from the same inputs, "
                                + "instead of starting over.").build());
            }
            command.spec = spec;
            cli.addSubcommand(entry.name(), new CommandLine(spec));
        }
    }

    @Override
    public Integer call() throws Exception {
        boolean resume = entry.resumable() && Boolean.TRUE.equals(spec.findOption(RESUME).getValue());
        StageRunner.run(common.settings(), List.of(entry.create().apply(resume)), false);
        return 0;
    }
}
