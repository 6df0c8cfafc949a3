package org.wsss.config;

import java.io.Serializable;

/** The report stage: how many images each gallery shows, and how large. */
public record ReportSettings(int gallerySize, int thumbnailSide) implements Serializable {
    public static final int MAX_GALLERY_SIZE = 100;

    static ReportSettings from(SettingsReader r) {
        return new ReportSettings(r.intIn("gallery-size", 0, MAX_GALLERY_SIZE), r.intIn("thumbnail-side", 32, 1024));
    }
}
