package org.wsss.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wsss.config.ConfigLoader;
import org.wsss.config.WsssSettings;
import picocli.CommandLine.Option;

/** Options every subcommand takes: configuration files, single overrides, and the roots and master. */
public final class CommonOptions {
    @Option(names = "--conf", paramLabel = "FILE", description = "A HOCON file of settings; repeatable, later wins.")
    List<Path> confFiles = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Override one setting (wsss. prefix optional); repeatable, wins over --conf.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--data-root", paramLabel = "URI", description = "Dataset root (local path, s3a://, hdfs://).")
    String dataRoot;

    @Option(names = "--run-root", paramLabel = "URI", description = "Where the run's tables and reports go.")
    String runRoot;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default local[*]).")
    String master;

    /** Extra configuration files a subcommand always reads first (the demo's preset). */
    WsssSettings settings(List<Path> presets) {
        List<Path> files = new ArrayList<>(presets);
        files.addAll(confFiles);
        WsssSettings settings = ConfigLoader.load(files, overrides);
        if (dataRoot != null) settings = settings.withDataRoot(dataRoot);
        if (runRoot != null) settings = settings.withRunRoot(runRoot);
        if (master != null) settings = settings.withMaster(master);
        return settings;
    }

    WsssSettings settings() {
        return settings(List.of());
    }
}
