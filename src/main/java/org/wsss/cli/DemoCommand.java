package org.wsss.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.wsss.config.WsssSettings;
import org.wsss.data.PetLayout;
import org.wsss.io.Storage;
import org.wsss.jobs.report.ReportStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Synthetic data (unless the data root has a dataset) and the whole pipeline with conf/demo.conf.")
public final class DemoCommand implements Callable<Integer> {
    /** Set by the launcher to the installation folder, where conf/demo.conf lives. */
    public static final String HOME_PROPERTY = "wsss.home";

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        WsssSettings settings = common.settings(List.of(demoPreset()));
        PetLayout layout = new PetLayout(settings.dataRoot());
        Storage storage = CliStorage.of(settings);
        if (storage.exists(layout.splitFile(PetLayout.Split.TRAINVAL))) {
            Console.line("[demo] using the dataset at %s", layout.dataRoot());
        } else {
            SynthCommand.write(storage, settings.synth(), settings.dataRoot());
        }
        StageRunner.run(settings, Pipeline.stages(settings), true);
        Console.line("[demo] run written to %s", Storage.qualify(settings.runRoot()));
        Console.line("[demo] report: %s", new org.wsss.io.RunLayout(settings.runRoot()).stageDir(ReportStage.NAME)
                + "/" + ReportStage.PAGE);
        return 0;
    }

    static Path demoPreset() {
        Path home = Path.of(System.getProperty(HOME_PROPERTY, "."));
        Path preset = home.resolve("conf").resolve("demo.conf");
        if (!Files.isRegularFile(preset)) {
            throw new UserError("cannot find the demo preset " + preset.toAbsolutePath()
                    + " (run from the repository root or set -D" + HOME_PROPERTY + ")");
        }
        return preset;
    }
}
