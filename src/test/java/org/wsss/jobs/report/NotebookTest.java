package org.wsss.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.algo.image.ImageEncoding;
import org.wsss.io.Tables;
import org.wsss.testing.EvaluationFixture;

/**
 * Runs the code cells of {@code notebooks/run-overview.ipynb} in JShell, the engine of the JJava kernel (which is not
 * on Maven Central, so Jupyter itself cannot run it here), against the evaluated run of {@link EvaluationFixture}.
 * The jshell tool ends a statement at the first line that completes it, where JJava parses a whole cell, so the
 * notebook never starts a line with the continuation of the previous one. The two kernel functions the notebook uses are stood in for:
 * {@code lineMagic("classpath", ...)} checks that every entry the notebook computed exists (the classpath itself is
 * given to JShell), and {@code display(image)} writes the picture to a file.
 */
class NotebookTest {
    private static final String NOTEBOOK = "notebooks/run-overview.ipynb";
    private static final String METHOD = EvaluationFixture.FLIPPED;
    private static final int OVERLAYS_SHOWN = 6;

    @TempDir
    Path dir;

    private static final String SHIMS = """
            int displayed = 0;
            void display(Object picture) throws Exception {
                java.nio.file.Path out = java.nio.file.Path.of(System.getenv("WSSS_NOTEBOOK_OUT"));
                javax.imageio.ImageIO.write((java.awt.image.BufferedImage) picture, "png",
                        out.resolve("display-" + (++displayed) + ".png").toFile());
            }
            <T> T lineMagic(String name, java.util.List<String> args) {
                if (!name.equals("classpath")) throw new IllegalArgumentException("unexpected magic " + name);
                for (String entry : args) {
                    if (!java.nio.file.Files.exists(java.nio.file.Path.of(entry))) {
                        throw new IllegalArgumentException("no classpath entry " + entry);
                    }
                }
                return null;
            }
            """;

    @Test
    void notebookShowsTheMetricsTheChartAndOverlaysOfARun() throws Exception {
        EvaluationFixture fixture = EvaluationFixture.get();
        Path run = fixture.root.resolve("run");
        Path masks = Files.createDirectories(run.resolve("notebook-masks").resolve(METHOD));
        List<Row> rows = fixture.context.tables().read(Tables.MASKS).filter("method = '" + METHOD + "'")
                .orderBy("image_id").collectAsList();
        for (Row row : rows) {
            int[] size = new int[2];
            int[] labels = ImageDecoding.decodeFirstBand((byte[]) row.getAs("mask"), size);
            byte[] classes = new byte[labels.length];
            for (int i = 0; i < labels.length; i++) classes[i] = (byte) labels[i];
            Files.write(masks.resolve(row.getAs("image_id") + ".png"),
                    ImageEncoding.paletteMaskPng(classes, size[0], size[1]));
        }
        Path out = Files.createDirectories(dir.resolve("displayed"));
        Path script = dir.resolve("notebook.jsh");
        Files.writeString(script, SHIMS + String.join("\n", codeCells(home().resolve(NOTEBOOK))) + "\n/exit\n");

        Path log = dir.resolve("jshell.log");
        ProcessBuilder jshell = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jshell").toString(),
                "--class-path", classpath(), "-R-Djava.awt.headless=true", script.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        jshell.environment().put("WSSS_HOME", home().toString());
        jshell.environment().put("WSSS_RUN", run.toString());
        jshell.environment().put("WSSS_DATA", fixture.root.resolve("data").toString());
        jshell.environment().put("WSSS_METHOD", METHOD);
        jshell.environment().put("WSSS_NOTEBOOK_OUT", out.toString());
        Process process = jshell.start();
        process.getOutputStream().close();
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "jshell did not finish: " + Files.readString(log));
        String output = Files.readString(log);

        assertEquals(0, process.exitValue(), output);
        // JShell reports a snippet that fails to compile or throws, and goes on with the next one.
        assertFalse(output.lines().anyMatch(l -> l.startsWith("Error:") || l.contains("Exception")), output);
        for (String method : List.of(EvaluationFixture.TRUTH_WITH_BAND, EvaluationFixture.FLIPPED,
                EvaluationFixture.ALL_BACKGROUND)) {
            assertTrue(output.lines().anyMatch(l -> l.startsWith(method + " ")), "no metrics line of " + method);
        }
        BufferedImage chart = ImageIO.read(out.resolve("display-1.png").toFile());
        assertEquals(900, chart.getWidth());
        int overlays = Math.min(OVERLAYS_SHOWN, rows.size());
        for (int i = 0; i < overlays; i++) {
            String id = rows.get(i).getAs("image_id");
            BufferedImage overlay = ImageIO.read(out.resolve("display-" + (i + 2) + ".png").toFile());
            assertEquals(rows.get(i).<Integer>getAs("width"), overlay.getWidth(), id);
            assertEquals(rows.get(i).<Integer>getAs("height"), overlay.getHeight(), id);
        }
        assertFalse(Files.exists(out.resolve("display-" + (overlays + 2) + ".png")), "more pictures than expected");
    }

    /** The code cells of a notebook, in order. */
    static List<String> codeCells(Path notebook) throws Exception {
        JsonNode cells = new ObjectMapper().readTree(notebook.toFile()).get("cells");
        List<String> code = new ArrayList<>();
        for (JsonNode cell : cells) {
            if (!cell.get("cell_type").asText().equals("code")) continue;
            StringBuilder source = new StringBuilder();
            cell.get("source").forEach(line -> source.append(line.asText()));
            code.add(source.toString());
        }
        return code;
    }

    /** What the notebook puts on its classpath, built the same way from the files the Maven build writes. */
    private static String classpath() throws Exception {
        Path target = home().resolve("target");
        List<String> entries = new ArrayList<>(List.of(target.resolve("classes").toString(),
                Files.readString(target.resolve("runtime-classpath.txt")).strip()));
        Path provided = target.resolve("provided-classpath.txt");
        if (Files.exists(provided) && !Files.readString(provided).isBlank()) {
            entries.add(Files.readString(provided).strip());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static Path home() {
        return Path.of(System.getProperty("wsss.home", ".")).toAbsolutePath();
    }
}
