package org.wsss.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.wsss.algo.maps.LabelMap;
import org.wsss.algo.overlay.ClassPalette;
import org.wsss.algo.overlay.HeatColours;
import org.wsss.io.EvaluationMetrics;
import org.wsss.io.MaskMethods;
import org.wsss.io.StageReport;

/**
 * Renders the report as one self-contained HTML page: inline style, no script, pictures as files beside it, so
 * it opens offline from the run folder. A content security policy forbids any other source, so even a mistake
 * could not make the page reach the network.
 */
public final class ReportPage {
    public static final String NOT_AVAILABLE = "not available";
    public static final String NOT_RUN = "not run";
    private static final String INDEX_STAGE = "index";
    private static final String POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'";
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1280px;
              padding:0 16px;color:#1d2330;line-height:1.4}
            h1{margin-bottom:0}h2{border-bottom:2px solid #d7dce5;padding-bottom:4px;margin-top:36px}
            .meta{color:#5b6475;margin-top:4px}nav a{margin-right:14px}
            table{border-collapse:collapse;margin:8px 0 16px}th,td{border:1px solid #d7dce5;padding:4px 8px;
              text-align:left;vertical-align:top}th{background:#f0f3f8}td.num{text-align:right;font-variant-numeric:tabular-nums}
            tr.best td{font-weight:bold}.chart{max-width:100%;height:auto;border:1px solid #e3e7ee}
            .na{display:inline-block;color:#8a5a00;background:#fff4dc;border:1px dashed #e0b050;padding:6px 10px}
            .scroll{overflow-x:auto}.gallery td{text-align:center}
            .gallery img{display:block;margin:auto;max-width:120px;height:auto}.gallery .score{font-size:13px;color:#5b6475}
            .gallery .na{width:120px;padding:40px 6px;font-size:13px}
            .legend span.swatch{display:inline-block;width:14px;height:14px;border:1px solid #888;
              vertical-align:middle;margin:0 4px 0 12px}
            .heat{display:inline-block;width:160px;height:14px;vertical-align:middle;margin:0 6px;border:1px solid #888}
            details{margin:4px 0}summary{cursor:pointer}
            """;

    private ReportPage() {}

    public static String render(ReportContent content) {
        Html html = new Html();
        html.markup("<!DOCTYPE html>\n").open("html", "lang", "en").open("head")
                .open("meta", "charset", "utf-8")
                .open("meta", "http-equiv", "Content-Security-Policy", "content", POLICY)
                .element("title", "wsss-spark report")
                .open("style").markup(STYLE).close("style")
                .close("head").open("body");
        html.element("h1", "wsss-spark run report");
        html.element("p", "Run root " + content.runRoot() + " \u00b7 generated " + content.generatedAt(),
                "class", "meta");
        html.open("nav");
        for (String[] link : new String[][] {{"#summary", "Run summary"}, {"#methods", "Methods"},
                {"#training", "Training"}, {"#tuning", "Tuning"}, {"#histogram", "Per-image mIoU"},
                {"#gallery", "Best and worst images"}}) {
            html.element("a", link[1], "href", link[0]);
        }
        html.close("nav");
        summary(html, content);
        methods(html, content);
        training(html, content);
        tuning(html, content.tuning());
        histogram(html, content);
        gallery(html, content.gallery());
        return html.close("body").close("html").toString();
    }

    private static void summary(Html html, ReportContent content) {
        html.open("section", "id", "summary").element("h2", "Run summary");
        html.element("h3", "Dataset");
        Optional<StageReport> index = content.stages().stream()
                .filter(s -> s.stage().equals(INDEX_STAGE) && s.report() != null).map(ReportContent.StageSummary::report)
                .findFirst();
        if (index.isEmpty()) {
            notAvailable(html, NOT_AVAILABLE + ": the index stage has not run");
        } else {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("indexed images", String.valueOf(index.get().rows())));
            Object splits = index.get().figures().get("splits");
            if (splits instanceof Map<?, ?> perSplit) {
                perSplit.forEach((split, count) -> rows.add(List.of("split " + split, String.valueOf(count))));
            }
            Object unlisted = index.get().figures().get("unlisted_images");
            if (unlisted != null) rows.add(List.of("unlisted images (not indexed)", String.valueOf(unlisted)));
            rows.add(List.of("rejected list entries and images", String.valueOf(index.get().totalRejects())));
            table(html, List.of("", "count"), rows, 1);
        }

        html.element("h3", "Stages");
        if (content.stages().isEmpty()) {
            notAvailable(html, "no stage has completed in this run root");
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (ReportContent.StageSummary s : content.stages()) {
                rows.add(s.report() == null ? List.of(s.stage(), "unreadable: " + s.problem(), "", "")
                        : List.of(s.stage(), String.valueOf(s.report().rows()), String.valueOf(s.report().totalRejects()),
                                String.format(Locale.ROOT, "%.1f", s.report().seconds())));
            }
            table(html, List.of("stage", "rows", "rejects", "seconds"), rows, 1);
        }

        html.element("h3", "Rejects");
        List<List<String>> rejects = new ArrayList<>();
        for (ReportContent.StageSummary s : content.stages()) {
            if (s.report() == null) continue;
            s.report().rejects().forEach((reason, count) -> rejects.add(List.of(s.stage(), reason, String.valueOf(count))));
        }
        if (rejects.isEmpty()) {
            html.element("p", "No stage rejected anything.");
        } else {
            table(html, List.of("stage", "reason", "count"), rejects, 2);
        }

        html.element("h3", "Settings and figures");
        for (ReportContent.StageSummary s : content.stages()) {
            if (s.report() == null) continue;
            html.open("details").element("summary", s.stage());
            List<List<String>> rows = new ArrayList<>();
            flatten("", s.report().settings()).forEach((key, value) -> rows.add(List.of("setting", key, value)));
            flatten("", s.report().figures()).forEach((key, value) -> rows.add(List.of("figure", key, value)));
            table(html, List.of("", "key", "value"), rows, Integer.MAX_VALUE);
            html.close("details");
        }
        html.close("section");
    }

    private static void methods(Html html, ReportContent content) {
        html.open("section", "id", "methods").element("h2", "Methods");
        if (content.metrics().isEmpty()) {
            notAvailable(html, NOT_AVAILABLE + ": " + (content.metricsProblem() != null ? content.metricsProblem()
                    : "the evaluate stage has not run"));
            html.close("section");
            return;
        }
        EvaluationMetrics metrics = content.metrics().get();
        html.element("p", "Scored against the trimaps of split \"" + metrics.split() + "\" (" + metrics.images()
                + " images); the trimap's border band is ignored. Scores in percent.");
        if (metrics.methods().isEmpty()) {
            notAvailable(html, NOT_AVAILABLE + ": the masks table holds no method");
            html.close("section");
            return;
        }
        String best = metrics.bestMethod().orElse(null);
        html.open("table").open("tr");
        for (String header : List.of("method", "images scored", "mIoU", "fg IoU", "pixel accuracy")) {
            html.element("th", header);
        }
        html.close("tr");
        metrics.methods().forEach((method, scores) -> {
            html.open("tr", "class", method.equals(best) ? "best" : null);
            String name = MaskMethods.displayName(method);
            html.element("td", name.equals(method) ? name : name + " (" + method + ")");
            html.element("td", String.valueOf(scores.scoredImages()), "class", "num");
            for (Double score : new Double[] {scores.miou(), scores.fgIou(), scores.pixelAccuracy()}) {
                html.element("td", percent(score), "class", "num");
            }
            html.close("tr");
        });
        html.close("table");
        lineage(html, metrics);

        html.element("h3", "Per-class IoU");
        image(html, content.perClassChart(), "Per-class IoU of every method", "chart");
        List<String> classes = new ArrayList<>();
        metrics.methods().values().forEach(s -> s.perClassIou().keySet().forEach(c -> {
            if (!classes.contains(c)) classes.add(c);
        }));
        html.open("details").element("summary", "Per-class IoU as a table");
        List<String> headers = new ArrayList<>(List.of("class"));
        metrics.methods().keySet().forEach(m -> headers.add(MaskMethods.displayName(m)));
        List<List<String>> rows = new ArrayList<>();
        for (String c : classes) {
            List<String> row = new ArrayList<>(List.of(c));
            metrics.methods().values().forEach(s -> row.add(percent(s.perClassIou().get(c))));
            rows.add(row);
        }
        table(html, headers, rows, 1);
        html.close("details").close("section");
    }

    /** What made each method's masks: the stage, its inputs' fingerprint, the checkpoints behind it, and when. */
    private static void lineage(Html html, EvaluationMetrics metrics) {
        if (metrics.lineage().isEmpty()) return;
        html.element("h3", "What made each method");
        List<List<String>> rows = new ArrayList<>();
        metrics.lineage().forEach((method, made) -> {
            List<String> checkpoints = new ArrayList<>();
            made.checkpoints().forEach((input, id) -> checkpoints.add(input + " " + id));
            rows.add(List.of(MaskMethods.displayName(method), made.stage(), made.fingerprint(),
                    String.join("; ", checkpoints), String.valueOf(made.finished())));
        });
        table(html, List.of("method", "stage", "inputs fingerprint", "checkpoints", "finished"), rows, 5);
    }

    private static void training(Html html, ReportContent content) {
        html.open("section", "id", "training").element("h2", "Training");
        for (ReportContent.TrainingSection section : content.training()) {
            html.element("h3", section.stage());
            if (section.problem() != null) {
                notAvailable(html, NOT_AVAILABLE + ": rounds.json is unreadable: " + section.problem());
            } else if (!section.ran()) {
                notAvailable(html, NOT_RUN);
            } else if (section.rounds().isEmpty()) {
                notAvailable(html, NOT_AVAILABLE + ": rounds.json lists no round");
            } else {
                image(html, section.chart(), "Training curve of " + section.stage(), "chart");
                TrainingRounds.Round last = section.rounds().get(section.rounds().size() - 1);
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("rounds", String.valueOf(section.rounds().size())));
                rows.add(List.of("final loss", number(last.loss())));
                if (last.hasAccuracy()) rows.add(List.of("final accuracy", percent(last.accuracy())));
                TrainingRounds.mean(section.rounds(), TrainingRounds.Round::imagesPerSecond)
                        .ifPresent(v -> rows.add(List.of("mean images per second", number(v))));
                TrainingRounds.sum(section.rounds(), TrainingRounds.Round::seconds)
                        .ifPresent(v -> rows.add(List.of("total seconds", number(v))));
                table(html, List.of("", "value"), rows, 1);
            }
        }
        html.close("section");
    }

    private static void tuning(Html html, ReportContent.TuningSection tuning) {
        html.open("section", "id", "tuning").element("h2", "Tuning");
        if (tuning.problem() != null) {
            notAvailable(html, tuning.problem());
        } else {
            html.element("p", tuning.note());
            List<String> alts = List.of("Heat map of the walk's mIoU over logt and background power",
                    "Heat map of the CRF-refined walk's mIoU over logt and background power");
            for (int i = 0; i < tuning.charts().size(); i++) {
                image(html, tuning.charts().get(i), alts.get(Math.min(i, alts.size() - 1)), "chart");
            }
            table(html, List.of("", "tuned", "untuned (configured)"), tuning.rows(), 1);
        }
        html.close("section");
    }

    private static void histogram(Html html, ReportContent content) {
        html.open("section", "id", "histogram").element("h2", "Per-image mIoU");
        if (content.histogramChart() == null) {
            notAvailable(html, NOT_AVAILABLE + ": no per-image scores (the evaluate stage has not run)");
        } else {
            html.element("p", "How many images of each method reach each mIoU band.");
            image(html, content.histogramChart(), "Histogram of per-image mIoU by method", "chart");
        }
        html.close("section");
    }

    private static void gallery(Html html, ReportContent.Gallery gallery) {
        html.open("section", "id", "gallery").element("h2", "Best and worst images");
        if (gallery.unavailable() != null) {
            notAvailable(html, NOT_AVAILABLE + ": " + gallery.unavailable());
            html.close("section");
            return;
        }
        html.element("p", "Ranked by the per-image mIoU of " + MaskMethods.displayName(gallery.rankedBy())
                + ", the method with the best mIoU. Masks are tinted by class over the photo.");
        legend(html, gallery);
        galleryTable(html, "Best", gallery.columns(), gallery.best());
        galleryTable(html, "Worst", gallery.columns(), gallery.worst());
        html.close("section");
    }

    private static void legend(Html html, ReportContent.Gallery gallery) {
        html.open("p", "class", "legend").text("Legend:");
        html.open("span", "class", "swatch", "style", "background:transparent").close("span").text("background (untinted)");
        for (int classId : gallery.classesShown()) {
            html.open("span", "class", "swatch", "style", "background:" + ClassPalette.css(classId)).close("span")
                    .text(org.wsss.data.PetBreeds.segmentationClassNames().get(classId));
        }
        html.open("span", "class", "swatch", "style", "background:" + ClassPalette.css(LabelMap.IGNORE)).close("span")
                .text("trimap border (ignored)");
        html.close("p");
        html.open("p", "class", "legend").text("CAM heat map: 0")
                .open("span", "class", "heat", "style", "background:" + HeatColours.cssGradient()).close("span")
                .text("1 (largest activation over the image's classes)").close("p");
    }

    private static void galleryTable(Html html, String title, List<String> columns, List<ReportContent.GalleryRow> rows) {
        html.element("h3", title);
        if (rows.isEmpty()) {
            notAvailable(html, NOT_AVAILABLE + ": no scored image");
            return;
        }
        // Nine picture columns with every method on: the table scrolls sideways on a narrow window rather than
        // squeezing the pictures, and each mask carries its own score so nobody has to match names across the row.
        html.open("div", "class", "scroll").open("table", "class", "gallery").open("tr").element("th", "image");
        columns.forEach(c -> html.element("th", c));
        html.close("tr");
        for (ReportContent.GalleryRow row : rows) {
            Map<String, Double> miouByColumn = new HashMap<>();
            row.miouByMethod().forEach((method, miou) -> miouByColumn.put(MaskMethods.displayName(method), miou));
            html.open("tr").open("td").element("div", row.imageId()).element("div", row.breed()).close("td");
            for (int i = 0; i < row.cells().size(); i++) {
                ReportContent.Cell cell = row.cells().get(i);
                html.open("td");
                if (cell.file() != null) {
                    html.open("img", "src", cell.file(), "alt", columns.get(i) + " of " + row.imageId());
                } else {
                    html.element("span", cell.missing(), "class", "na");
                }
                Double miou = miouByColumn.get(columns.get(i));
                if (miou != null) html.element("div", "mIoU " + percent(miou), "class", "score");
                html.close("td");
            }
            html.close("tr");
        }
        html.close("table").close("div");
    }

    /** A table whose columns from {@code firstNumeric} on are right-aligned numbers. */
    private static void table(Html html, List<String> headers, List<List<String>> rows, int firstNumeric) {
        html.open("table").open("tr");
        headers.forEach(h -> html.element("th", h));
        html.close("tr");
        for (List<String> row : rows) {
            html.open("tr");
            for (int i = 0; i < row.size(); i++) html.element("td", row.get(i), "class", i >= firstNumeric ? "num" : null);
            html.close("tr");
        }
        html.close("table");
    }

    private static void image(Html html, String file, String alt, String cssClass) {
        if (file == null) {
            notAvailable(html, NOT_AVAILABLE);
        } else {
            html.open("img", "src", file, "alt", alt, "class", cssClass).markup("\n");
        }
    }

    private static void notAvailable(Html html, String why) {
        html.open("p").element("span", why, "class", "na").close("p");
    }

    /** Nested settings and figures as {@code a.b.c = value} lines. */
    static Map<String, String> flatten(String prefix, Map<?, ?> values) {
        Map<String, String> flat = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            String name = prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key;
            if (value instanceof Map<?, ?> nested && !nested.isEmpty()) {
                flat.putAll(flatten(name, nested));
            } else {
                flat.put(name, String.valueOf(value));
            }
        });
        return flat;
    }

    static String percent(Double fraction) {
        return fraction == null || fraction.isNaN() ? "\u2013" : String.format(Locale.ROOT, "%.1f", 100 * fraction);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.4g", value);
    }
}
