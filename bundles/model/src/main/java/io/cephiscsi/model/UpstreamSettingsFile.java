package io.cephiscsi.model;

import io.cephiscsi.model.internal.IniParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads upstream's {@code /etc/ceph/iscsi-gateway.cfg} the way Python's ConfigParser does: sections in brackets,
 * {@code key = value} or {@code key: value}, full-line {@code #} and {@code ;} comments, keys lower-cased, values
 * trimmed, indented continuation lines, {@code [DEFAULT]} values and {@code %(name)s} / {@code %%} interpolation.
 *
 * <p>Only {@code [config]}, {@code [target]} and {@code [device_status]} are kept, flattened into one map (their
 * keys do not overlap upstream); other sections are ignored, as upstream ignores them.
 */
public final class UpstreamSettingsFile {

    /** Where upstream keeps the file. */
    public static final Path DEFAULT_PATH = Path.of("/etc/ceph/iscsi-gateway.cfg");

    private UpstreamSettingsFile() {
    }

    /**
     * The file's settings; empty when the file does not exist (upstream runs on defaults then).
     *
     * @throws IOException when the file exists but cannot be read, or is not valid INI text (the message names
     *                     the file and, for syntax errors, the line)
     */
    public static Map<String, String> read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        try {
            return parse(text);
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The settings in INI text.
     *
     * @throws IOException for text ConfigParser would reject (no section header, a line without a delimiter,
     *                     duplicate sections or keys, bad interpolation)
     */
    public static Map<String, String> parse(String text) throws IOException {
        return IniParser.parse(text);
    }
}
