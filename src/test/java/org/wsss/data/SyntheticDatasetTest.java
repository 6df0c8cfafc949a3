package org.wsss.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.algo.image.RgbImage;
import org.wsss.config.SynthSettings;
import org.wsss.io.Storage;

class SyntheticDatasetTest {
    static final SynthSettings SETTINGS = new SynthSettings(3, 10, 42, 64, 96, 0.3, true);

    @TempDir
    static Path root;
    static SyntheticDataset.Summary summary;

    @BeforeAll
    static void write() {
        summary = new SyntheticDataset(Storage.local()).write(root.toString(), SETTINGS);
    }

    @Test
    void listFilesHaveExactCountsAndTheRealFormat() throws IOException {
        String list = Files.readString(root.resolve("annotations/list.txt"));
        assertEquals(6, list.lines().filter(l -> l.startsWith("#")).count());
        ListFile.Parsed parsed = ListFile.parse(list, "list.txt");
        assertEquals(30, parsed.entries().size());
        assertTrue(parsed.rejects().isEmpty());
        ListFile.Parsed trainval = ListFile.parse(Files.readString(root.resolve("annotations/trainval.txt")), "t");
        ListFile.Parsed test = ListFile.parse(Files.readString(root.resolve("annotations/test.txt")), "t");
        assertEquals(21, trainval.entries().size());
        assertEquals(9, test.entries().size());
        Set<String> both = new HashSet<>(ids(trainval));
        both.retainAll(ids(test));
        assertTrue(both.isEmpty(), "an image is in both splits: " + both);
        for (ListFile.Entry e : parsed.entries()) {
            PetBreeds.Breed breed = PetBreeds.byClassId(e.classId());
            assertTrue(e.imageId().startsWith(breed.name() + "_"), e.imageId());
            assertEquals(breed.species(), e.species());
        }
        assertEquals(Map.of(1L, 10L, 2L, 10L, 3L, 10L), parsed.entries().stream()
                .collect(Collectors.groupingBy(e -> (long) e.classId(), Collectors.counting())));
    }

    @Test
    void foldersHoldImagesTrimapsAndTheArchiveQuirks() throws IOException {
        List<String> images = names(root.resolve("images"));
        List<String> trimaps = names(root.resolve("annotations/trimaps"));
        assertEquals(30 + 2, images.stream().filter(n -> n.endsWith(".jpg")).count(), "listed plus unlisted");
        assertEquals(2, images.stream().filter(n -> n.endsWith(".mat")).count());
        assertEquals(2, trimaps.stream().filter(n -> n.startsWith("._")).count());
        assertEquals(32, trimaps.stream().filter(n -> !n.startsWith("._")).count());
        assertEquals(2, summary.unlisted());
        assertEquals(Set.of(SyntheticDataset.Quirk.values()), Set.copyOf(summary.quirkyImages().values()));
    }

    @Test
    void quirkyImagesHoldWhatTheirQuirkSays() throws IOException {
        for (Map.Entry<String, SyntheticDataset.Quirk> q : summary.quirkyImages().entrySet()) {
            byte[] bytes = Files.readAllBytes(root.resolve("images/" + q.getKey() + ".jpg"));
            String format = formatOf(bytes);
            switch (q.getValue()) {
                case PNG_DATA -> assertEquals("png", format);
                case RGBA_PNG_DATA -> {
                    assertEquals("png", format);
                    assertEquals(4, ImageIO.read(new ByteArrayInputStream(bytes)).getColorModel().getNumComponents());
                }
                case GREYSCALE -> {
                    assertEquals("jpeg", format);
                    assertEquals(1, ImageIO.read(new ByteArrayInputStream(bytes)).getColorModel().getNumComponents());
                }
                case CMYK -> assertEquals("jpeg", format);
            }
            // Every quirk still decodes to an RGB image of the trimap's size.
            RgbImage image = ImageDecoding.decodeRgb(bytes);
            int[] size = new int[2];
            ImageDecoding.decodeFirstBand(Files.readAllBytes(root.resolve("annotations/trimaps/" + q.getKey() + ".png")), size);
            assertArrayEquals(size, new int[] {image.width(), image.height()});
        }
    }

    @Test
    void trimapsHoldPetBackgroundAndABorderBetweenThem() throws IOException {
        int[] size = new int[2];
        int[] trimap = ImageDecoding.decodeFirstBand(
                Files.readAllBytes(root.resolve("annotations/trimaps/Abyssinian_1.png")), size);
        long[] counts = new long[4];
        for (int v : trimap) counts[v]++;
        assertEquals(0, counts[0]);
        assertTrue(counts[1] > 0.05 * trimap.length, "pet area");
        assertTrue(counts[2] > 0.3 * trimap.length, "background area");
        assertTrue(counts[3] > 0 && counts[3] < counts[1], "border band");
        // Pet and background never touch: a border pixel always lies between them.
        int w = size[0];
        for (int i = 0; i + 1 < trimap.length; i++) {
            if ((i + 1) % w != 0) assertTrue(trimap[i] * trimap[i + 1] != 2, "pet next to background at " + i);
        }
    }

    @Test
    void sameSeedWritesIdenticalBytes(@TempDir Path other) throws IOException {
        new SyntheticDataset(Storage.local()).write(other.toString(), SETTINGS);
        for (String path : List.of("images/Abyssinian_3.jpg", "annotations/trimaps/american_bulldog_4.png",
                "annotations/test.txt")) {
            assertArrayEquals(Files.readAllBytes(root.resolve(path)), Files.readAllBytes(other.resolve(path)), path);
        }
    }

    private static Set<String> ids(ListFile.Parsed parsed) {
        return parsed.entries().stream().map(ListFile.Entry::imageId).collect(Collectors.toSet());
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        }
    }

    private static String formatOf(byte[] bytes) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            return reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
