package org.wsss.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.wsss.io.StageReport;

/** Progress and summaries for the person at the terminal. */
public final class Console {
    private Console() {}

    public static void line(String format, Object... args) {
        PrintStream out = System.out; // looked up each time: tests redirect it
        out.println(String.format(Locale.ROOT, format, args));
        out.flush();
    }

    public static void stageDone(StageReport report) {
        line("[%s] done: %d rows, %d rejects, %.1f s", report.stage(), report.rows(), report.totalRejects(),
                report.seconds());
        for (Map.Entry<String, Long> reject : report.rejects().entrySet()) {
            line("[%s]   rejected %d: %s", report.stage(), reject.getValue(), reject.getKey());
        }
        if (report.figures().get(StageReport.SCORES) instanceof Map<?, ?> scores) {
            scores.forEach((method, score) -> {
                Map<?, ?> s = (Map<?, ?>) score;
                line("[%s]   %s: mIoU %s, fg IoU %s", report.stage(), method, fraction(s.get("miou")),
                        fraction(s.get("fg_iou")));
            });
        }
        if (report.figures().get(StageReport.OUTPUTS) instanceof Map<?, ?> outputs) {
            outputs.forEach((what, where) -> line("[%s] %s: %s", report.stage(), what, where));
        }
    }

    /** A score in [0, 1] to three places, or "n/a" when there was nothing to measure. */
    private static String fraction(Object score) {
        return score instanceof Number n ? String.format(Locale.ROOT, "%.3f", n.doubleValue()) : "n/a";
    }
}
