package org.wsss.cli;

import java.util.concurrent.Callable;
import org.wsss.config.SynthSettings;
import org.wsss.config.WsssSettings;
import org.wsss.data.SyntheticDataset;
import org.wsss.io.Storage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Write a synthetic dataset in the Oxford-IIIT Pet layout (deterministic for a seed).")
public final class SynthCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--out", paramLabel = "URI", description = "Where to write it (default: the data root).")
    String out;

    @Option(names = "--breeds", description = "Number of breeds, 2..37. Default: wsss.synth.breeds, 4.")
    Integer breeds;

    @Option(names = "--per-breed", description = "Images per breed. Default: wsss.synth.per-breed, 40.")
    Integer perBreed;

    @Option(names = "--seed", description = "Seed; the same seed writes the same files. Default: wsss.synth.seed, 7.")
    Long seed;

    @Option(names = "--min-side", description = "Shortest image side in pixels. Default: wsss.synth.min-side, 96.")
    Integer minSide;

    @Option(names = "--max-side", description = "Longest image side in pixels. Default: wsss.synth.max-side, 160.")
    Integer maxSide;

    @Override
    public Integer call() {
        if (breeds != null) common.overrides.put("synth.breeds", breeds.toString());
        if (perBreed != null) common.overrides.put("synth.per-breed", perBreed.toString());
        if (seed != null) common.overrides.put("synth.seed", seed.toString());
        if (minSide != null) common.overrides.put("synth.min-side", minSide.toString());
        if (maxSide != null) common.overrides.put("synth.max-side", maxSide.toString());
        WsssSettings settings = common.settings();
        String target = out != null ? out : settings.dataRoot();
        Storage storage = CliStorage.of(settings);
        Preflight.outputFolder(() -> storage, out != null ? "--out" : "data root", target);
        write(storage, settings.synth(), target);
        return 0;
    }

    static SyntheticDataset.Summary write(Storage storage, SynthSettings synth, String target) {
        long started = System.nanoTime();
        SyntheticDataset.Summary summary = new SyntheticDataset(storage).write(target, synth);
        Console.line("[synth] wrote %d listed images (%d trainval, %d test) of %d breeds to %s in %.1f s",
                summary.listed(), summary.trainval(), summary.test(), synth.breeds(), Storage.qualify(target),
                (System.nanoTime() - started) / 1e9);
        if (!summary.quirkyImages().isEmpty()) {
            Console.line("[synth] with the real archive's quirks: %s, %d unlisted images, %d .mat files, "
                    + "%d AppleDouble files", summary.quirkyImages(), summary.unlisted(), summary.matFiles(),
                    summary.appleDoubleFiles());
        }
        return summary;
    }
}
