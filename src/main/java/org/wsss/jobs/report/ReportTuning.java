package org.wsss.jobs.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.spark.sql.Row;
import org.wsss.config.WsssSettings;
import org.wsss.io.MaskMethods;
import org.wsss.io.Tables;
import org.wsss.io.TunedSettings;
import org.wsss.jobs.stage.StageContext;
import org.wsss.jobs.tune.TuneStage;
import org.wsss.report.Charts;
import org.wsss.report.ReportContent;

/**
 * The report's tuning section: the sweep as a heat map (walk mIoU over logt x background power at the chosen
 * beta), the chosen settings and their mIoU on the tuning images beside the configured (untuned) ones.
 */
final class ReportTuning {
    // Columns of Tables.TUNE_SCORES; a CAM point has no walk settings, a walk point no threshold (nulls).
    private static final String METHOD = "method";
    private static final String THRESHOLD = "background_threshold";
    private static final String POWER = "background_power";
    private static final String BETA = "beta";
    private static final String LOGT = "logt";
    private static final String MIOU = "miou";

    private ReportTuning() {}

    static ReportContent.TuningSection section(StageContext context, ReportFiles files) {
        if (!context.tables().exists(Tables.TUNE_SCORES)) {
            return ReportContent.TuningSection.notAvailable("Not tuned: the tune stage has not run (wsss.tune.images"
                    + " = 0 uses the configured settings).");
        }
        TunedSettings chosen;
        try {
            chosen = TunedSettings.read(context.storage(), TunedSettings.location(context.layout(), TuneStage.NAME),
                    "the report");
        } catch (IOException | RuntimeException e) {
            return ReportContent.TuningSection.notAvailable("The tune stage's choice is unreadable: " + e.getMessage());
        }
        List<Row> scores = context.tables().read(Tables.TUNE_SCORES).collectAsList();
        List<Integer> logts = scores.stream().map(r -> r.<Integer>getAs(LOGT)).filter(Objects::nonNull).distinct()
                .sorted()
                .toList();
        List<Double> powers = scores.stream().map(r -> r.<Double>getAs(POWER)).filter(Objects::nonNull).distinct()
                .sorted().toList();
        Double[][] grid = new Double[powers.size()][logts.size()];
        for (Row r : scores) {
            if (r.<String>getAs(METHOD).equals(MaskMethods.RW) && r.<Double>getAs(BETA) == chosen.beta()) {
                grid[powers.indexOf(r.<Double>getAs(POWER))][logts.indexOf(r.<Integer>getAs(LOGT))] = r.getAs(MIOU);
            }
        }
        String chart = files.write("tuning.png", Charts.tuningHeatMap(String.format(Locale.ROOT,
                "Random-walk mIoU on %d trainval images, beta %s", chosen.images(), number(chosen.beta())),
                logts, powers, grid));

        WsssSettings settings = context.settings();
        double power = settings.randomWalk().backgroundPower();
        double beta = settings.randomWalk().walk().beta();
        int logt = settings.randomWalk().walk().logt();
        double threshold = settings.cams().backgroundThreshold();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("CAM background threshold", number(chosen.camBackgroundThreshold()), number(threshold)));
        rows.add(List.of("background power", number(chosen.backgroundPower()), number(power)));
        rows.add(List.of("beta", number(chosen.beta()), number(beta)));
        rows.add(List.of("logt", String.valueOf(chosen.logt()), String.valueOf(logt)));
        rows.add(List.of("rw_crf's walk: power, beta, logt", number(chosen.crfBackgroundPower()) + ", "
                + number(chosen.crfBeta()) + ", " + chosen.crfLogt(), number(power) + ", " + number(beta) + ", "
                + logt));
        rows.add(List.of("cam mIoU", miou(scores, MaskMethods.CAM, chosen.camBackgroundThreshold(), 0, 0, 0),
                miou(scores, MaskMethods.CAM, threshold, 0, 0, 0)));
        rows.add(List.of(MaskMethods.RW + " mIoU",
                miou(scores, MaskMethods.RW, 0, chosen.backgroundPower(), chosen.beta(), chosen.logt()),
                miou(scores, MaskMethods.RW, 0, power, beta, logt)));
        rows.add(List.of(MaskMethods.RW_CRF + " mIoU", miou(scores, MaskMethods.RW_CRF, 0,
                chosen.crfBackgroundPower(), chosen.crfBeta(), chosen.crfLogt()),
                miou(scores, MaskMethods.RW_CRF, 0, power, beta, logt)));
        String note = String.format(Locale.ROOT, "Settings chosen by mIoU on %d trainval images (their trimaps are"
                + " the only pixel labels the run used; test images never enter). The CRF %s the chosen walk there."
                + " The random-walk stage uses the tuned values when wsss.random-walk.settings is tuned or auto.",
                chosen.images(), chosen.crfHelps() ? "beat" : "did not beat");
        return new ReportContent.TuningSection(chart, rows, note, null);
    }

    /** The mIoU of one grid point, or a dash when the grid did not hold it. */
    private static String miou(List<Row> scores, String method, double threshold, double power, double beta,
                               int logt) {
        for (Row r : scores) {
            if (!r.<String>getAs(METHOD).equals(method)) continue;
            boolean match = method.equals(MaskMethods.CAM) ? r.<Double>getAs(THRESHOLD) == threshold
                    : r.<Double>getAs(POWER) == power && r.<Double>getAs(BETA) == beta
                            && r.<Integer>getAs(LOGT) == logt;
            if (match) return String.format(Locale.ROOT, "%.3f", r.<Double>getAs(MIOU));
        }
        return "\u2014 (not scored)";
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
