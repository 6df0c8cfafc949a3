package org.wsss.config;

import com.typesafe.config.Config;

/**
 * The whole validated configuration. Built once on the driver at start-up: every component's record is read
 * here, so a bad value anywhere fails before any work starts. Executors receive the records, never a Config.
 */
public record WsssSettings(
        String dataRoot,
        String runRoot,
        SparkSettings spark,
        SynthSettings synth,
        IndexSettings index,
        EvaluateSettings evaluate,
        ReportSettings report,
        DeviceSettings devices) {

    public static WsssSettings from(Config config) {
        SettingsReader root = new SettingsReader(config, "").child(ConfigLoader.ROOT);
        return new WsssSettings(
                root.nonEmptyString("data-root"),
                root.nonEmptyString("run-root"),
                SparkSettings.from(root.child("spark")),
                SynthSettings.from(root.child("synth")),
                IndexSettings.from(root.child("index")),
                EvaluateSettings.from(root.child("evaluate")),
                ReportSettings.from(root.child("report")),
                DeviceSettings.from(root.child("devices")));
    }

    public WsssSettings withDataRoot(String uri) {
        return new WsssSettings(uri, runRoot, spark, synth, index, evaluate, report, devices);
    }

    public WsssSettings withRunRoot(String uri) {
        return new WsssSettings(dataRoot, uri, spark, synth, index, evaluate, report, devices);
    }

    public WsssSettings withMaster(String master) {
        return new WsssSettings(dataRoot, runRoot, spark.withMaster(master), synth, index, evaluate, report, devices);
    }
}
