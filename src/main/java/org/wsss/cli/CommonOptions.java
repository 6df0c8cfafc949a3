package org.wsss.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wsss.config.ConfigLoader;
import org.wsss.config.WsssSettings;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** Options every subcommand takes: configuration files, single overrides, and the roots and master. */
public final class CommonOptions {
    @Option(names = "--conf", paramLabel = "FILE", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "A HOCON file of settings; repeatable, later wins. Default: none (reference.conf only).")
    List<Path> confFiles = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Override one setting (wsss. prefix optional); repeatable, wins over --conf."
                    + " The value reads as in a --conf file: \"quoted\" strings lose their quotes. Default: none.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--data-root", paramLabel = "URI",
            description = "Dataset root (local path, s3a://, hdfs://). Default: wsss.data-root, work/data.")
    String dataRoot;

    @Option(names = "--run-root", paramLabel = "URI",
            description = "Where the run's tables and reports go. Default: wsss.run-root, work/run."
                    + " Relative paths follow the current folder.")
    String runRoot;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[*], local[N], spark://HOST:PORT, yarn, k8s://URL."
                    + " Default: wsss.spark.master, local[*].")
    String master;

    @Option(names = "--verbose",
            description = "On failure print the stack trace and full log lines, not only the one error line."
                    + " Default: off (the trace goes to RUN_ROOT/_logs/).")
    boolean verbose;

    /** The settings this command ran with, once built: the failure handler reads the run root from them. */
    private WsssSettings built;

    /** Extra configuration files a subcommand always reads first (the demo's preset). */
    WsssSettings settings(List<Path> presets) {
        List<Path> files = new ArrayList<>(presets);
        files.addAll(confFiles);
        WsssSettings settings = ConfigLoader.load(files, overrides);
        if (dataRoot != null) settings = settings.withDataRoot(dataRoot);
        if (runRoot != null) settings = settings.withRunRoot(runRoot);
        if (master != null) settings = settings.withMaster(master);
        built = settings;
        return settings;
    }

    WsssSettings settings() {
        return settings(List.of());
    }

    Optional<WsssSettings> builtSettings() {
        return Optional.ofNullable(built);
    }

    /** The common options of a parsed subcommand, if it has them. */
    static Optional<CommonOptions> of(CommandLine command) {
        return command.getCommandSpec().mixins().values().stream()
                .map(CommandLine.Model.CommandSpec::userObject)
                .filter(CommonOptions.class::isInstance).map(CommonOptions.class::cast)
                .findFirst();
    }
}
