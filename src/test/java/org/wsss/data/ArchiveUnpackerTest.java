package org.wsss.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.cli.Wsss;
import org.wsss.io.Storage;

class ArchiveUnpackerTest {
    @TempDir
    Path dir;

    @Test
    void unpacksGzipAndPlainTarAlike() throws IOException {
        for (boolean gzip : new boolean[] {true, false}) {
            Path archive = dir.resolve("images" + gzip + ".tar.gz"); // the real files lie about their compression
            writeTar(archive, gzip, List.of("images/a_1.jpg", "images/b_2.jpg", "./annotations/list.txt"));
            Path root = dir.resolve("root" + gzip);
            ArchiveUnpacker.Unpacked result = new ArchiveUnpacker(Storage.local())
                    .unpack(new org.apache.hadoop.fs.Path(archive.toUri()), root.toString());
            assertEquals(gzip, result.gzip());
            assertEquals(3, result.files());
            assertTrue(result.refused().isEmpty());
            assertEquals("content of images/a_1.jpg", Files.readString(root.resolve("images/a_1.jpg")));
            assertTrue(Files.exists(root.resolve("annotations/list.txt")));
        }
    }

    @Test
    void refusesAndNamesEntriesThatWouldLeaveTheDataRoot() throws IOException {
        Path archive = dir.resolve("evil.tar");
        writeTar(archive, false, List.of("images/ok.jpg", "../outside.txt", "images/../../escape.txt", "/etc/abs.txt"));
        Path root = dir.resolve("data");
        ArchiveUnpacker.Unpacked result = new ArchiveUnpacker(Storage.local())
                .unpack(new org.apache.hadoop.fs.Path(archive.toUri()), root.toString());
        assertEquals(1, result.files());
        assertEquals(List.of("../outside.txt", "images/../../escape.txt", "/etc/abs.txt"),
                result.refused().stream().map(ArchiveUnpacker.Refused::entry).toList());
        assertTrue(result.refused().stream().allMatch(r -> r.reason().equals(ArchiveUnpacker.LEAVES_ROOT)));
        assertFalse(Files.exists(dir.resolve("outside.txt")));
        assertFalse(Files.exists(dir.resolve("escape.txt")));
    }

    @Test
    void safeRelativePathNormalises() {
        assertEquals("images/x.jpg", ArchiveUnpacker.safeRelativePath("./images/./x.jpg"));
        assertEquals("x.jpg", ArchiveUnpacker.safeRelativePath("images/../x.jpg"));
        assertNull(ArchiveUnpacker.safeRelativePath("C:/x.jpg"));
    }

    @Test
    void notAnArchiveIsAClearError() throws IOException {
        Path bogus = Files.writeString(dir.resolve("bogus.tar.gz"), "x".repeat(2000));
        IOException e = assertThrows(IOException.class, () -> new ArchiveUnpacker(Storage.local())
                .unpack(new org.apache.hadoop.fs.Path(bogus.toUri()), dir.resolve("r").toString()));
        assertTrue(e.getMessage().contains("bogus.tar.gz"), e.getMessage());
    }

    @Test
    void prepareCommandUnpacksBothArchivesAndFailsOnRefusedEntries() throws IOException {
        Path images = dir.resolve("images.tar.gz");
        Path annotations = dir.resolve("annotations.tar.gz");
        writeTar(images, true, List.of("images/a_1.jpg"));
        writeTar(annotations, false, List.of("annotations/list.txt"));
        Path root = dir.resolve("prepared");
        int ok = Wsss.execute("prepare", "--images", images.toString(), "--annotations", annotations.toString(),
                "--data-root", root.toString());
        assertEquals(0, ok);
        assertTrue(Files.exists(root.resolve("images/a_1.jpg")));
        assertTrue(Files.exists(root.resolve("annotations/list.txt")));
        writeTar(annotations, false, List.of("../../evil.txt"));
        assertEquals(Wsss.USER_ERROR, Wsss.execute("prepare", "--images", images.toString(),
                "--annotations", annotations.toString(), "--data-root", root.toString()));
    }

    private static void writeTar(Path archive, boolean gzip, List<String> names) throws IOException {
        try (OutputStream file = Files.newOutputStream(archive);
             OutputStream body = gzip ? new GzipCompressorOutputStream(file) : file;
             TarArchiveOutputStream tar = new TarArchiveOutputStream(body)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String name : names) {
                byte[] content = ("content of " + name).getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(name, true);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
    }
}
