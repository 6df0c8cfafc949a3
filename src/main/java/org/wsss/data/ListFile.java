package org.wsss.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses an Oxford-IIIT Pet list file ({@code NAME CLASS_ID SPECIES BREED_ID} per line, {@code #} comments).
 * Lines that cannot be used become rejects with a reason, never an exception.
 */
public final class ListFile {
    public static final String COMMENT = "#";
    /** Windows editors start UTF-8 files with a byte-order mark; it is not part of the first image id. */
    private static final String BYTE_ORDER_MARK = "\uFEFF";
    private static final int FIELDS = 4;

    public record Entry(String imageId, int classId, PetBreeds.Species species, int lineNumber) {}

    public record Rejected(String item, String reason, String detail) {}

    public record Parsed(List<Entry> entries, List<Rejected> rejects) {}

    public static final String MALFORMED_LINE = "malformed list line";
    public static final String UNKNOWN_CLASS = "unknown class id";
    public static final String BAD_IMAGE_ID = "image id with a path separator";

    private ListFile() {}

    public static Parsed parse(String text, String source) {
        List<Entry> entries = new ArrayList<>();
        List<Rejected> rejects = new ArrayList<>();
        String body = text.startsWith(BYTE_ORDER_MARK) ? text.substring(BYTE_ORDER_MARK.length()) : text;
        String[] lines = body.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith(COMMENT)) continue;
            String where = source + ":" + (i + 1);
            String[] fields = line.split("\\s+");
            if (fields.length != FIELDS) {
                rejects.add(new Rejected(where, MALFORMED_LINE, "expected " + FIELDS + " fields: " + line));
                continue;
            }
            String imageId = fields[0];
            int classId;
            int speciesCode;
            try {
                classId = Integer.parseInt(fields[1]);
                speciesCode = Integer.parseInt(fields[2]);
                Integer.parseInt(fields[3]);
            } catch (NumberFormatException e) {
                rejects.add(new Rejected(where, MALFORMED_LINE, "non-numeric field: " + line));
                continue;
            }
            if (imageId.contains("/") || imageId.contains("\\") || imageId.equals("..")) {
                rejects.add(new Rejected(imageId, BAD_IMAGE_ID, where));
                continue;
            }
            if (!PetBreeds.isValidClassId(classId)) {
                rejects.add(new Rejected(imageId, UNKNOWN_CLASS, where + ": class " + classId + " is not in 1..37"));
                continue;
            }
            var species = PetBreeds.Species.ofCode(speciesCode);
            if (species.isEmpty()) {
                rejects.add(new Rejected(where, MALFORMED_LINE, "species " + speciesCode + " is not 1 or 2: " + line));
                continue;
            }
            entries.add(new Entry(imageId, classId, species.get(), i + 1));
        }
        return new Parsed(entries, rejects);
    }

    /** Renders entries in the real format, after the given comment lines. */
    public static String render(List<String> commentLines, List<Entry> entries) {
        StringBuilder out = new StringBuilder();
        for (String comment : commentLines) out.append(COMMENT).append(comment).append('\n');
        for (Entry e : entries) {
            PetBreeds.Breed breed = PetBreeds.byClassId(e.classId());
            out.append(e.imageId()).append(' ').append(e.classId()).append(' ').append(e.species().code)
                    .append(' ').append(breed.breedId()).append('\n');
        }
        return out.toString();
    }
}
