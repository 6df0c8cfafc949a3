package org.wsss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wsss.io.StageReport;

class ConsoleTest {
    @Test
    void aFinishedStageSaysItsScoresAndWhereItsOutputIs() {
        Map<String, Object> rw = new LinkedHashMap<>();
        rw.put("miou", 0.8964);
        rw.put("fg_iou", 0.8791);
        Map<String, Object> cam = new LinkedHashMap<>();
        cam.put("miou", null);
        cam.put("fg_iou", null);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put(StageReport.SCORES, Map.of("rw_crf", rw));
        figures.put(StageReport.OUTPUTS, Map.of("metrics", "file:/runs/one/eval/metrics.json"));
        List<String> lines = printed(new StageReport("evaluate", 96, Map.of(), 2.04, Map.of(), figures));
        assertEquals(List.of("[evaluate] done: 96 rows, 0 rejects, 2.0 s",
                "[evaluate]   rw_crf: mIoU 0.896, fg IoU 0.879",
                "[evaluate] metrics: file:/runs/one/eval/metrics.json"), lines);
        assertEquals("[evaluate]   cam: mIoU n/a, fg IoU n/a", printed(new StageReport("evaluate", 0, Map.of(), 1,
                Map.of(), Map.of(StageReport.SCORES, Map.of("cam", cam)))).get(1));
    }

    private static List<String> printed(StageReport report) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            Console.stageDone(report);
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
