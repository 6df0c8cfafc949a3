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
        DeviceSettings devices,
        CrfConfig crf,
        AffinityLabelSettings affinityLabels,
        RandomWalkConfig randomWalk,
        EvaluateSettings evaluate,
        ReportSettings report,
        CamTrainingSettings trainCam,
        CamSettings cams,
        AffinityTrainingSettings trainAffinity,
        TuneSettings tune,
        SegTrainingSettings trainSeg,
        SegmentSettings segment) {

    public WsssSettings {
        trainAffinity.requireStartFits(trainCam);
        trainSeg.requireStartFits(trainCam);
    }

    public static WsssSettings from(Config config) {
        SettingsReader root = new SettingsReader(config, "").child(ConfigLoader.ROOT);
        DeviceSettings devices = DeviceSettings.from(root.child("devices"));
        return new WsssSettings(
                root.nonEmptyString("data-root"),
                root.nonEmptyString("run-root"),
                SparkSettings.from(root.child("spark")),
                SynthSettings.from(root.child("synth")),
                IndexSettings.from(root.child("index")),
                devices,
                CrfConfig.from(root.child("crf")),
                AffinityLabelSettings.from(root.child("affinity-labels")),
                RandomWalkConfig.from(root.child("random-walk")),
                EvaluateSettings.from(root.child("evaluate")),
                ReportSettings.from(root.child("report")),
                CamTrainingSettings.from(root.child("train-cam"), devices),
                CamSettings.from(root.child("cams")),
                AffinityTrainingSettings.from(root.child("train-affinity"), devices),
                TuneSettings.from(root.child("tune")),
                SegTrainingSettings.from(root.child("train-seg"), devices),
                SegmentSettings.from(root.child("segment")));
    }

    public WsssSettings withDataRoot(String uri) {
        return withEdges(uri, runRoot, spark);
    }

    public WsssSettings withRunRoot(String uri) {
        return withEdges(dataRoot, uri, spark);
    }

    public WsssSettings withMaster(String master) {
        return withEdges(dataRoot, runRoot, spark.withMaster(master));
    }

    /** The command line may replace the roots and the master; stage settings come only from configuration. */
    private WsssSettings withEdges(String newDataRoot, String newRunRoot, SparkSettings newSpark) {
        return new WsssSettings(newDataRoot, newRunRoot, newSpark, synth, index, devices, crf, affinityLabels,
                randomWalk, evaluate, report, trainCam, cams, trainAffinity, tune, trainSeg, segment);
    }
}
