package org.wsss.data;

import java.util.List;
import java.util.Optional;

/** The 37 breeds of Oxford-IIIT Pet in class-id order; cats are the names with a capital first letter. */
public final class PetBreeds {
    public static final int COUNT = 37;
    /** Class 0 of a segmentation mask. */
    public static final String BACKGROUND = "background";

    private static final List<String> NAMES = List.of(
            "Abyssinian", "american_bulldog", "american_pit_bull_terrier", "basset_hound", "beagle", "Bengal",
            "Birman", "Bombay", "boxer", "British_Shorthair", "chihuahua", "Egyptian_Mau", "english_cocker_spaniel",
            "english_setter", "german_shorthaired", "great_pyrenees", "havanese", "japanese_chin", "keeshond",
            "leonberger", "Maine_Coon", "miniature_pinscher", "newfoundland", "Persian", "pomeranian", "pug",
            "Ragdoll", "Russian_Blue", "saint_bernard", "samoyed", "scottish_terrier", "shiba_inu", "Siamese",
            "Sphynx", "staffordshire_bull_terrier", "wheaten_terrier", "yorkshire_terrier");

    public enum Species {
        CAT(1), DOG(2);

        /** The code used in the list files' SPECIES column. */
        public final int code;

        Species(int code) {
            this.code = code;
        }

        public static Optional<Species> ofCode(int code) {
            for (Species s : values()) if (s.code == code) return Optional.of(s);
            return Optional.empty();
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record Breed(int classId, String name, Species species, int breedId) {}

    private PetBreeds() {}

    public static boolean isValidClassId(int classId) {
        return classId >= 1 && classId <= COUNT;
    }

    public static Breed byClassId(int classId) {
        if (!isValidClassId(classId)) throw new IllegalArgumentException("class id " + classId + " is not in 1..37");
        String name = NAMES.get(classId - 1);
        Species species = Character.isUpperCase(name.charAt(0)) ? Species.CAT : Species.DOG;
        int breedId = 1;
        for (int c = 1; c < classId; c++) {
            if (Character.isUpperCase(NAMES.get(c - 1).charAt(0)) == (species == Species.CAT)) breedId++;
        }
        return new Breed(classId, name, species, breedId);
    }

    /** Names of all segmentation classes, index = class id, 0 = background. */
    public static List<String> segmentationClassNames() {
        java.util.ArrayList<String> names = new java.util.ArrayList<>(COUNT + 1);
        names.add(BACKGROUND);
        names.addAll(NAMES);
        return List.copyOf(names);
    }
}
