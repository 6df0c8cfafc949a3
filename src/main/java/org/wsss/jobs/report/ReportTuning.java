package org.wsss.jobs.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.wsss.config.WsssSettings;
import org.wsss.io.MaskMethods;
import org.wsss.io.StageReport;
import org.wsss.io.Tables;
import org.wsss.io.TunedSettings;
import org.wsss.jobs.stage.StageContext;
import org.wsss.jobs.tune.TuneStage;
import org.wsss.report.Charts;
import org.wsss.report.ReportContent;

/**
 * The report's tuning section: the sweep as heat maps (mIoU over logt x background power at the chosen beta, for the
 * walk and for the walk refined by the CRF), the chosen settings and their mIoU on the tuning images beside the
 * configured (untuned) ones, and the bootstrap guard's verdicts.
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
        List<String> charts = new ArrayList<>();
        charts.add(files.write("tuning.png", heatMap(scores, MaskMethods.RW, chosen.beta(), String.format(Locale.ROOT,
                "Random-walk mIoU on %d trainval images, beta %s", chosen.images(), number(chosen.beta())))));
        if (scores.stream().anyMatch(r -> r.<String>getAs(METHOD).equals(MaskMethods.RW_CRF))) {
            charts.add(files.write("tuning-crf.png", heatMap(scores, MaskMethods.RW_CRF, chosen.crfBeta(),
                    String.format(Locale.ROOT, "Random walk + CRF mIoU on %d trainval images, beta %s",
                            chosen.images(), number(chosen.crfBeta())))));
        }

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
        Map<String, Object> figures = tuneFigures(context);
        Map<?, ?> pooled = mapFigure(figures, TuneStage.NEIGHBOURHOOD_MIOU);
        if (pooled != null && pooled.containsKey("chosen")) {
            rows.add(List.of(MaskMethods.RW_CRF + " mIoU, grid neighbourhood pooled (what chose it)",
                    decimal(pooled.get("chosen")), decimal(pooled.get("configured"))));
        }
        String note = String.format(Locale.ROOT, "Settings chosen by mIoU on %d trainval images (their trimaps are"
                + " the only pixel labels the run used; test images never enter). rw_crf's walk is the one whose"
                + " neighbourhood on the grid (one step in power, beta and logt) scores best after the CRF. The CRF %s"
                + " the chosen walk there.%s The random-walk stage uses the tuned values when"
                + " wsss.random-walk.settings is tuned or auto.",
                chosen.images(), chosen.crfHelps() ? "beat" : "did not beat", guard(figures));
        return new ReportContent.TuningSection(charts, rows, note, null);
    }

    /** {@code method}'s mIoU over logt x background power at one beta. */
    private static byte[] heatMap(List<Row> scores, String method, double beta, String title) {
        List<Row> points = scores.stream().filter(r -> r.<String>getAs(METHOD).equals(method)).toList();
        List<Integer> logts = points.stream().map(r -> r.<Integer>getAs(LOGT)).distinct().sorted().toList();
        List<Double> powers = points.stream().map(r -> r.<Double>getAs(POWER)).distinct().sorted().toList();
        Double[][] grid = new Double[powers.size()][logts.size()];
        for (Row r : points) {
            if (r.<Double>getAs(BETA) == beta) {
                grid[powers.indexOf(r.<Double>getAs(POWER))][logts.indexOf(r.<Integer>getAs(LOGT))] = r.getAs(MIOU);
            }
        }
        return Charts.tuningHeatMap(title, logts, powers, grid);
    }

    /**
     * The bootstrap guard's verdicts from the tune stage's figures: each method's share of draws its best point won
     * against the configured one, and which kept the configured point; empty when there are none.
     */
    private static String guard(Map<String, Object> figures) {
        Map<?, ?> won = mapFigure(figures, "best_beats_configured");
        if (won == null || won.isEmpty()) return "";
        Object kept = figures.get("kept_configured");
        StringBuilder text = new StringBuilder(" Share of 1000 bootstrap draws of the tuning images in which the"
                + " best point beat the configured one (it replaces it from " + figures.get("confidence") + "): ");
        List<String> parts = new ArrayList<>();
        won.forEach((method, share) -> parts.add(method + " " + String.format(Locale.ROOT, "%.2f",
                ((Number) share).doubleValue())));
        text.append(String.join(", ", parts)).append('.');
        if (kept instanceof List<?> methods && !methods.isEmpty()) {
            text.append(" Kept the configured settings: ").append(methods.stream().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(", "))).append('.');
        }
        return text.toString();
    }

    /** The tune stage's figures; empty when its report is unreadable. */
    private static Map<String, Object> tuneFigures(StageContext context) {
        try {
            return StageReport.read(context.storage(), context.layout(), TuneStage.NAME).figures();
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    /** One of the tune stage's figures that is a map, or null. */
    private static Map<?, ?> mapFigure(Map<String, Object> figures, String name) {
        return figures.get(name) instanceof Map<?, ?> map ? map : null;
    }

    private static String decimal(Object value) {
        return value instanceof Number n ? String.format(Locale.ROOT, "%.3f", n.doubleValue()) : "\u2014";
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
