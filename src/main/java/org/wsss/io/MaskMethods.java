package org.wsss.io;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The values of the masks table's {@code method} column that the pipeline writes, in the order people compare them. */
public final class MaskMethods {
    public static final String CAM = "cam";
    public static final String CAM_CRF = "cam_crf";
    public static final String RW = "rw";
    public static final String RW_CRF = "rw_crf";
    /** The stage-3 segmentation network trained on the pseudo-masks. */
    public static final String SEG = "seg";
    /** Its masks refined by the dense CRF, as PSA and DeepLab refine the network's output. */
    public static final String SEG_CRF = "seg_crf";

    /** From the baseline to the full method; anything else (an experiment) follows, alphabetically. */
    private static final List<String> PIPELINE_ORDER = List.of(CAM, CAM_CRF, RW, RW_CRF, SEG, SEG_CRF);
    private static final Map<String, String> DISPLAY_NAMES = Map.of(
            CAM, "CAM", CAM_CRF, "CAM+CRF", RW, "RW", RW_CRF, "RW+CRF", SEG, "Seg net", SEG_CRF, "Seg net+CRF");

    private MaskMethods() {}

    /** The distinct methods, pipeline methods first in pipeline order, then the others alphabetically. */
    public static List<String> ordered(Collection<String> methods) {
        List<String> ordered = new ArrayList<>(new TreeSet<>(methods));
        ordered.sort(Comparator.comparingInt(MaskMethods::rank));
        return ordered;
    }

    /** How a report names the method: {@code RW+CRF} for {@code rw_crf}; other methods keep their name. */
    public static String displayName(String method) {
        return DISPLAY_NAMES.getOrDefault(method, method);
    }

    private static int rank(String method) {
        int position = PIPELINE_ORDER.indexOf(method);
        return position >= 0 ? position : PIPELINE_ORDER.size();
    }
}
