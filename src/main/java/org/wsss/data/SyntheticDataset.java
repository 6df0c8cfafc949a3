package org.wsss.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.Path;
import org.wsss.algo.image.ImageEncoding;
import org.wsss.algo.image.RgbImage;
import org.wsss.algo.synth.SyntheticPetPainter;
import org.wsss.config.SynthSettings;
import org.wsss.io.Storage;

/**
 * Writes a synthetic dataset in exactly the Oxford-IIIT Pet layout, deterministic for a seed, including the real
 * archive's quirks so that everything downstream is exercised on them.
 */
public final class SyntheticDataset {
    private static final float JPEG_QUALITY = 0.92f;
    private static final List<String> LIST_HEADER = List.of(
            "Image CLASS-ID SPECIES BREED-ID",
            "CLASS-ID: 1..37, the breed",
            "SPECIES: 1 = cat, 2 = dog",
            "BREED-ID: 1..12 among cats, 1..25 among dogs",
            "Names starting with a capital letter are cats",
            "Names starting with a small letter are dogs");

    /** How a quirky image's bytes differ from a plain JPEG. */
    public enum Quirk { PNG_DATA, RGBA_PNG_DATA, GREYSCALE, CMYK }

    /** Counts a reader of the dataset should find. */
    public record Summary(int listed, int trainval, int test, int unlisted, int matFiles, int appleDoubleFiles,
                          Map<String, Quirk> quirkyImages) {}

    private final Storage storage;

    public SyntheticDataset(Storage storage) {
        this.storage = storage;
    }

    public Summary write(String dataRoot, SynthSettings settings) {
        PetLayout layout = new PetLayout(dataRoot);
        List<ListFile.Entry> trainval = new ArrayList<>();
        List<ListFile.Entry> test = new ArrayList<>();
        List<Planned> planned = new ArrayList<>();
        int testPerBreed = (int) Math.round(settings.perBreed() * settings.testFraction());
        for (int b = 0; b < settings.breeds(); b++) {
            PetBreeds.Breed breed = PetBreeds.byClassId(b + 1);
            List<Integer> order = new ArrayList<>(IntStream.rangeClosed(1, settings.perBreed()).boxed().toList());
            java.util.Collections.shuffle(order, new Random(settings.seed() * 31 + b));
            for (int rank = 0; rank < order.size(); rank++) {
                int number = order.get(rank);
                String id = breed.name() + "_" + number;
                ListFile.Entry entry = new ListFile.Entry(id, breed.classId(), breed.species(), 0);
                (rank < testPerBreed ? test : trainval).add(entry);
                planned.add(new Planned(id, b, imageSeed(settings.seed(), b, number)));
            }
        }
        Map<String, Quirk> quirks = new TreeMap<>();
        List<Planned> unlisted = new ArrayList<>();
        List<String> matFiles = new ArrayList<>();
        List<String> appleDouble = new ArrayList<>();
        if (settings.quirks()) {
            Quirk[] kinds = Quirk.values();
            for (int q = 0; q < kinds.length && q < planned.size(); q++) {
                // Spread over breeds so no breed is defined by its quirk.
                Planned p = planned.get((q * settings.perBreed() + q / settings.breeds()) % planned.size());
                quirks.put(p.id, kinds[q]);
            }
            for (int b = 0; b < Math.min(2, settings.breeds()); b++) {
                String id = PetBreeds.byClassId(b + 1).name() + "_" + (settings.perBreed() + 1);
                unlisted.add(new Planned(id, b, imageSeed(settings.seed(), b, settings.perBreed() + 1)));
                matFiles.add(PetBreeds.byClassId(b + 1).name() + "_" + (settings.perBreed() + 2));
                appleDouble.add(planned.get(b * settings.perBreed()).id);
            }
        }
        List<Planned> all = new ArrayList<>(planned);
        all.addAll(unlisted);
        all.parallelStream().forEach(p -> writeImage(layout, p, settings, quirks.get(p.id)));
        try {
            for (String id : matFiles) {
                storage.writeBytes(new Path(layout.imagesDir(), id + ".mat"),
                        "MATLAB 5.0 MAT-file, synthetic placeholder".getBytes(StandardCharsets.US_ASCII));
            }
            for (String id : appleDouble) {
                storage.writeBytes(new Path(layout.trimapsDir(), PetLayout.APPLE_DOUBLE_PREFIX + id + ".png"),
                        new byte[] {0, 5, 22, 7, 0, 2, 0, 0});
            }
            List<ListFile.Entry> listed = new ArrayList<>(trainval);
            listed.addAll(test);
            Comparator<ListFile.Entry> byId = Comparator.comparing(ListFile.Entry::imageId);
            listed.sort(byId);
            trainval.sort(byId);
            test.sort(byId);
            writeText(layout.listFile(), ListFile.render(LIST_HEADER, listed));
            writeText(layout.splitFile(PetLayout.Split.TRAINVAL), ListFile.render(List.of(), trainval));
            writeText(layout.splitFile(PetLayout.Split.TEST), ListFile.render(List.of(), test));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the synthetic dataset to " + dataRoot, e);
        }
        return new Summary(planned.size(), trainval.size(), test.size(), unlisted.size(), matFiles.size(),
                appleDouble.size(), quirks);
    }

    private record Planned(String id, int breedIndex, long seed) {}

    private void writeImage(PetLayout layout, Planned p, SynthSettings settings, Quirk quirk) {
        SyntheticPetPainter.PaintedPet pet =
                SyntheticPetPainter.paint(p.breedIndex, p.seed, settings.minSide(), settings.maxSide());
        RgbImage image = pet.image();
        byte[] imageBytes = quirk == null ? ImageEncoding.jpeg(image, JPEG_QUALITY) : switch (quirk) {
            case PNG_DATA -> ImageEncoding.png(image);
            case RGBA_PNG_DATA -> ImageEncoding.pngWithAlpha(image);
            case GREYSCALE -> ImageEncoding.greyJpeg(image, JPEG_QUALITY);
            case CMYK -> ImageEncoding.cmykJpeg(image, JPEG_QUALITY);
        };
        try {
            storage.writeBytes(layout.image(p.id), imageBytes);
            storage.writeBytes(layout.trimap(p.id), ImageEncoding.labelPng(pet.trimap(), image.width(), image.height()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write image " + p.id, e);
        }
    }

    private void writeText(Path path, String text) throws IOException {
        storage.writeBytes(path, text.getBytes(StandardCharsets.UTF_8));
    }

    private static long imageSeed(long seed, int breedIndex, int number) {
        long h = seed * 0x9E3779B97F4A7C15L + breedIndex * 0xBF58476D1CE4E5B9L + number * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }
}
