package org.wsss.report;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import org.wsss.io.EvaluationMetrics;
import org.wsss.io.StageReport;

/**
 * Everything the report page shows, gathered by the report stage. File names are relative to the page; a null
 * file or an absent value means "not available", and the page says so instead of failing.
 */
public record ReportContent(
        String runRoot,
        String generatedAt,
        List<StageSummary> stages,
        Optional<EvaluationMetrics> metrics,
        String metricsProblem,
        String perClassChart,
        String histogramChart,
        List<TrainingSection> training,
        Gallery gallery,
        TuningSection tuning) {

    /** A stage's {@code _stage.json}, or why it could not be read. */
    public record StageSummary(String stage, StageReport report, String problem) {}

    /** A training stage's curve: rounds and chart when it ran, the problem when its file is unreadable. */
    public record TrainingSection(String stage, List<TrainingRounds.Round> rounds, String chart, String problem) {
        public boolean ran() {
            return rounds != null;
        }
    }

    /**
     * The tune stage's sweep: heat maps of mIoU over logt x background power at the chosen beta (the walk's, then
     * the CRF-refined walk's when scored), and rows of (setting or method, chosen, untuned) values; {@code problem}
     * says why there is none.
     */
    public record TuningSection(List<String> charts, List<List<String>> rows, String note, String problem) {
        public static TuningSection notAvailable(String why) {
            return new TuningSection(List.of(), List.of(), null, why);
        }
    }

    /** One picture of a gallery row: a file, or why there is none. */
    public record Cell(String file, String missing) {
        public static Cell of(String file) {
            return new Cell(file, null);
        }

        public static Cell notAvailable(String why) {
            return new Cell(null, why);
        }
    }

    /** One image: its scores by method and one cell per gallery column. */
    public record GalleryRow(String imageId, String breed, Map<String, Double> miouByMethod, List<Cell> cells) {}

    /**
     * The best and worst images by {@code rankedBy}'s per-image mIoU, with a colour legend of the classes shown;
     * {@code unavailable} says why there is no gallery (then the lists are empty).
     */
    public record Gallery(String rankedBy, List<String> columns, List<GalleryRow> best, List<GalleryRow> worst,
                          SortedSet<Integer> classesShown, String unavailable) {
        public static Gallery notAvailable(String why) {
            return new Gallery(null, List.of(), List.of(), List.of(), new java.util.TreeSet<>(), why);
        }
    }
}
