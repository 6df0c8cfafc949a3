package org.wsss.cli;

import java.util.Map;
import picocli.CommandLine;

/** One example per subcommand, shown at the foot of its --help, with every option's default shown. */
final class HelpExamples {
    private static final Map<String, String> EXAMPLES = Map.ofEntries(
            Map.entry("synth", "deploy/wsss synth --out work/data --breeds 4 --per-breed 40 --seed 7"),
            Map.entry("prepare", "deploy/wsss prepare --images images.tar.gz --annotations annotations.tar.gz"
                    + " --data-root /data/pets"),
            Map.entry("index", "deploy/wsss index --data-root /data/oxford-pet --run-root /runs/pets-1"),
            Map.entry("train-cam", "deploy/wsss train-cam --run-root /runs/pets-1 --resume"),
            Map.entry("cams", "deploy/wsss cams --run-root /runs/pets-1 --set cams.crf=true"),
            Map.entry("affinity-labels", "deploy/wsss affinity-labels --run-root /runs/pets-1"),
            Map.entry("train-affinity", "deploy/wsss train-affinity --run-root /runs/pets-1 --resume"),
            Map.entry("random-walk", "deploy/wsss random-walk --run-root /runs/pets-1 --set random-walk.crf=true"),
            Map.entry("evaluate", "deploy/wsss evaluate --run-root /runs/pets-1 --set evaluate.split=all"),
            Map.entry("report", "deploy/wsss report --run-root /runs/pets-1"),
            Map.entry("export-masks", "deploy/wsss export-masks --run-root /runs/pets-1 --method rw_crf --out masks"),
            Map.entry("pipeline", "deploy/wsss pipeline --conf conf/cluster.conf --run-root /runs/pets-1"),
            Map.entry("demo", "deploy/wsss demo --data-root work/demo/data --run-root work/demo/run"),
            Map.entry("tool", "deploy/wsss tool crf --help"),
            Map.entry("crf", "deploy/wsss tool crf --image img.png --scores scores.f32 --labels 2 --out q.f32"),
            Map.entry("random-walk-tool", "deploy/wsss tool random-walk --features f.f32 --cam c.f32 --channels 448"
                    + " --classes 2 --height 40 --width 40 --out w.f32"));

    private HelpExamples() {}

    static void addTo(CommandLine root) {
        root.getCommandSpec().usageMessage().footer("%nExample:%n  deploy/wsss index --data-root /data/oxford-pet"
                + " --run-root /runs/pets-1%nRelative paths follow the current folder; see README.md.");
        addToSubcommands(root, "");
    }

    private static void addToSubcommands(CommandLine parent, String parentName) {
        for (Map.Entry<String, CommandLine> sub : parent.getSubcommands().entrySet()) {
            CommandLine command = sub.getValue();
            command.getCommandSpec().usageMessage().showDefaultValues(true);
            String key = parentName.equals("tool") && sub.getKey().equals("random-walk") ? "random-walk-tool"
                    : sub.getKey();
            String example = EXAMPLES.get(key);
            if (example != null) command.getCommandSpec().usageMessage().footer("%nExample:%n  " + example);
            addToSubcommands(command, sub.getKey());
        }
    }
}
