package org.wsss.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts, drawn by XChart and encoded as PNG (headless: no display is needed). */
public final class Charts {
    private static final int WIDTH = 960;
    private static final int HEIGHT = 400;
    /** Room per bar, so charts of all 38 classes stay readable. */
    private static final int PIXELS_PER_BAR = 9;
    private static final int CLASS_LABEL_ROTATION = 60;
    private static final int ACCURACY_AXIS = 1;
    private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);

    private Charts() {}

    /**
     * Grouped bars: per class (x), one bar per method. {@code iouByMethod} maps a method's display name to its IoU
     * for each of {@code classNames}, null where the class was not present for that method (no bar is drawn).
     */
    public static byte[] perClassIou(List<String> classNames, Map<String, List<Double>> iouByMethod) {
        int width = Math.max(WIDTH, classNames.size() * Math.max(1, iouByMethod.size()) * PIXELS_PER_BAR + 160);
        CategoryChart chart = new CategoryChartBuilder().width(width).height(HEIGHT + 80)
                .title("Per-class IoU").xAxisTitle("class").yAxisTitle("IoU").build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLabelRotation(CLASS_LABEL_ROTATION);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        iouByMethod.forEach((method, ious) -> chart.addSeries(method, classNames, ious));
        return png(chart);
    }

    /** Grouped bars: per IoU bin (x), the number of images of each method. */
    public static byte[] iouHistogram(List<String> binLabels, Map<String, List<Long>> imagesByMethod) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Per-image mIoU").xAxisTitle("mIoU").yAxisTitle("images").build();
        style(chart.getStyler());
        chart.getStyler().setYAxisMin(0.0).setYAxisDecimalPattern("#");
        imagesByMethod.forEach((method, counts) -> chart.addSeries(method, binLabels, counts));
        return png(chart);
    }

    /**
     * A heat map of the tune stage's walk mIoU: {@code miou[y][x]} at background power {@code powers[y]} and logt
     * {@code logts[x]}, null where the point was not scored.
     */
    public static byte[] tuningHeatMap(String title, List<Integer> logts, List<Double> powers, Double[][] miou) {
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("logt")
                .yAxisTitle("background power").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setChartTitleFont(TITLE);
        chart.getStyler().setAxisTitleFont(TEXT);
        chart.getStyler().setAxisTickLabelsFont(TEXT);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setValueFont(TEXT);
        chart.getStyler().setHeatMapValueDecimalPattern("0.000");
        chart.getStyler().setRangeColors(new Color[] {new Color(0xFFFFFF), new Color(0xFEE08B),
                new Color(0x66BD63)});
        List<Number[]> cells = new java.util.ArrayList<>();
        for (int y = 0; y < powers.size(); y++) {
            for (int x = 0; x < logts.size(); x++) {
                if (miou[y][x] != null) cells.add(new Number[] {x, y, miou[y][x]});
            }
        }
        chart.addSeries("rw mIoU", logts, powers.stream().map(p -> p == Math.rint(p) ? (Object) p.longValue()
                : (Object) p).toList(), cells);
        return png(chart);
    }

    /** Loss per round, with accuracy on a second axis when the stage recorded it. */
    public static byte[] trainingCurve(String title, List<TrainingRounds.Round> rounds) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle("round").yAxisTitle("loss").build();
        style(chart.getStyler());
        chart.getStyler().setXAxisDecimalPattern("#");
        List<Integer> x = rounds.stream().map(TrainingRounds.Round::round).toList();
        XYSeries loss = chart.addSeries("loss", x, rounds.stream().map(TrainingRounds.Round::loss).toList());
        loss.setMarker(SeriesMarkers.CIRCLE);
        List<TrainingRounds.Round> withAccuracy = rounds.stream().filter(TrainingRounds.Round::hasAccuracy).toList();
        if (!withAccuracy.isEmpty()) {
            XYSeries accuracy = chart.addSeries("accuracy",
                    withAccuracy.stream().map(TrainingRounds.Round::round).toList(),
                    withAccuracy.stream().map(TrainingRounds.Round::accuracy).toList());
            accuracy.setMarker(SeriesMarkers.DIAMOND);
            accuracy.setYAxisGroup(ACCURACY_AXIS);
            chart.setYAxisGroupTitle(ACCURACY_AXIS, "accuracy");
            chart.getStyler().setYAxisGroupPosition(ACCURACY_AXIS, Styler.YAxisPosition.Right);
        }
        return png(chart);
    }

    private static void style(AxesChartStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartTitleFont(TITLE);
        styler.setAxisTitleFont(TEXT);
        styler.setAxisTickLabelsFont(TEXT);
        styler.setLegendFont(TEXT);
        styler.setAntiAlias(true);
    }

    private static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a chart", e);
        }
    }
}
