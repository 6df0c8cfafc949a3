package org.wsss.data;

import org.apache.hadoop.fs.Path;
import org.wsss.io.Storage;

/** The Oxford-IIIT Pet folder layout. The only code that knows where things are in a data root. */
public record PetLayout(String dataRoot) {
    public static final String IMAGE_SUFFIX = ".jpg";
    public static final String TRIMAP_SUFFIX = ".png";
    /** macOS resource-fork files shipped inside the real archive. */
    public static final String APPLE_DOUBLE_PREFIX = "._";

    public PetLayout {
        dataRoot = Storage.qualify(dataRoot);
    }

    public Path annotations() {
        return Storage.path(dataRoot, "annotations");
    }

    public Path listFile() {
        return new Path(annotations(), "list.txt");
    }

    public Path splitFile(Split split) {
        return new Path(annotations(), split.fileName);
    }

    public Path imagesDir() {
        return Storage.path(dataRoot, "images");
    }

    public Path trimapsDir() {
        return new Path(annotations(), "trimaps");
    }

    public Path image(String imageId) {
        return new Path(imagesDir(), imageId + IMAGE_SUFFIX);
    }

    public Path trimap(String imageId) {
        return new Path(trimapsDir(), imageId + TRIMAP_SUFFIX);
    }

    /** The two official splits and their list files. */
    public enum Split {
        TRAINVAL("trainval", "trainval.txt"), TEST("test", "test.txt");

        public final String label;
        public final String fileName;

        Split(String label, String fileName) {
            this.label = label;
            this.fileName = fileName;
        }
    }
}
