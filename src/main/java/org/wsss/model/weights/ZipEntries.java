package org.wsss.model.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The entries of a zip archive held in memory, found through its central directory.
 *
 * <p>{@link java.util.zip.ZipInputStream} cannot read PyTorch's archives: they store entries uncompressed but
 * announce their sizes only in a trailing data descriptor, which a streaming reader cannot skip. The central
 * directory at the end of the file has every size and offset, so it is the reliable index.
 */
final class ZipEntries {

    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int END_OF_DIRECTORY = 0x06054b50;
    private static final int END_OF_DIRECTORY_SIZE = 22;
    private static final int MAX_COMMENT = 0xFFFF;
    private static final int LOCAL_HEADER_SIZE = 30;
    private static final int CENTRAL_HEADER_SIZE = 46;
    private static final int ZIP64_MARKER = 0xFFFFFFFF;
    private static final int STORED = 0;
    private static final int DEFLATED = 8;

    private ZipEntries() {}

    /** Whether the bytes start like a zip archive. */
    static boolean isZip(ByteBuffer bytes) {
        return bytes.remaining() >= Integer.BYTES
                && bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(bytes.position()) == LOCAL_HEADER;
    }

    /**
     * Reads every entry: stored ones as read-only slices of {@code zip}, deflated ones inflated.
     *
     * @param source a name for error messages
     */
    static Map<String, ByteBuffer> read(ByteBuffer zip, String source) {
        try {
            return readDirectory(zip, source);
        } catch (IndexOutOfBoundsException e) {
            throw new WeightFileException(source + " is a damaged zip archive: an entry points past its end", e);
        }
    }

    private static Map<String, ByteBuffer> readDirectory(ByteBuffer zip, String source) {
        ByteBuffer buffer = zip.slice().order(ByteOrder.LITTLE_ENDIAN);
        int directoryEnd = findEndOfDirectory(buffer, source);
        int entryCount = buffer.getShort(directoryEnd + 10) & 0xFFFF;
        int directoryOffset = buffer.getInt(directoryEnd + 16);
        if (directoryOffset == ZIP64_MARKER) {
            throw new WeightFileException(source + " is a zip64 archive (over 4 GiB), which is not read");
        }
        Map<String, ByteBuffer> entries = new LinkedHashMap<>();
        int at = directoryOffset;
        for (int i = 0; i < entryCount; i++) {
            require(at >= 0 && at + CENTRAL_HEADER_SIZE <= buffer.limit() && buffer.getInt(at) == CENTRAL_HEADER,
                    source, "its central directory is damaged");
            int method = buffer.getShort(at + 10) & 0xFFFF;
            int compressedSize = buffer.getInt(at + 20);
            int size = buffer.getInt(at + 24);
            int nameLength = buffer.getShort(at + 28) & 0xFFFF;
            int extraLength = buffer.getShort(at + 30) & 0xFFFF;
            int commentLength = buffer.getShort(at + 32) & 0xFFFF;
            int localOffset = buffer.getInt(at + 42);
            String name = text(buffer, at + CENTRAL_HEADER_SIZE, nameLength);
            if (compressedSize == ZIP64_MARKER || size == ZIP64_MARKER || localOffset == ZIP64_MARKER) {
                throw new WeightFileException(source + ": entry " + name + " needs zip64, which is not read");
            }
            entries.put(name, entryData(buffer, name, method, localOffset, compressedSize, size, source));
            at += CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
        }
        return entries;
    }

    private static ByteBuffer entryData(
            ByteBuffer zip, String name, int method, int localOffset, int compressedSize, int size, String source) {
        require(localOffset >= 0 && localOffset + LOCAL_HEADER_SIZE <= zip.limit()
                && zip.getInt(localOffset) == LOCAL_HEADER, source, "entry " + name + " has no local header");
        int dataStart = localOffset + LOCAL_HEADER_SIZE
                + (zip.getShort(localOffset + 26) & 0xFFFF) + (zip.getShort(localOffset + 28) & 0xFFFF);
        require(compressedSize >= 0 && dataStart + (long) compressedSize <= zip.limit(), source,
                "entry " + name + " runs past the end of the file");
        ByteBuffer data = zip.slice(dataStart, compressedSize).asReadOnlyBuffer();
        return switch (method) {
            case STORED -> data;
            case DEFLATED -> inflate(data, size, name, source);
            default -> throw new WeightFileException(
                    source + ": entry " + name + " uses zip compression method " + method + ", which is not read");
        };
    }

    private static ByteBuffer inflate(ByteBuffer compressed, int size, String name, String source) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(compressed);
            ByteBuffer out = ByteBuffer.allocate(size);
            while (out.hasRemaining() && !inflater.finished()) {
                if (inflater.inflate(out) == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
            }
            require(!out.hasRemaining(), source, "entry " + name + " inflates to fewer bytes than declared");
            return out.flip().asReadOnlyBuffer();
        } catch (DataFormatException e) {
            throw new WeightFileException(source + ": entry " + name + " is corrupt: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private static int findEndOfDirectory(ByteBuffer zip, String source) {
        int lowest = Math.max(0, zip.limit() - END_OF_DIRECTORY_SIZE - MAX_COMMENT);
        for (int at = zip.limit() - END_OF_DIRECTORY_SIZE; at >= lowest; at--) {
            if (zip.getInt(at) == END_OF_DIRECTORY) {
                return at;
            }
        }
        throw new WeightFileException(source + " is not a complete zip archive (no central directory; truncated?)");
    }

    private static String text(ByteBuffer zip, int at, int length) {
        byte[] bytes = new byte[length];
        zip.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void require(boolean condition, String source, String problem) {
        if (!condition) {
            throw new WeightFileException(source + ": " + problem);
        }
    }
}
