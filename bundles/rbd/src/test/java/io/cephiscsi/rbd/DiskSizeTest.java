package io.cephiscsi.rbd;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class DiskSizeTest {

    private static void refused(String size, String message) {
        RbdException error = assertThrows(RbdException.class, () -> DiskSize.parse(size));
        assertEquals(message, error.getMessage());
        assertEquals(400, error.status());
        assertEquals("size", error.field());
    }

    @Test
    public void acceptsWholeNumbersWithMGOrTInEitherCase() {
        assertEquals(1L << 20, DiskSize.parse("1M"));
        assertEquals(512L << 20, DiskSize.parse("512m"));
        assertEquals(10L << 30, DiskSize.parse("10G"));
        assertEquals(10L << 30, DiskSize.parse("10g"));
        assertEquals(2L << 40, DiskSize.parse("2t"));
        assertEquals(DiskSize.MAX_BYTES, DiskSize.parse("1000000G"));
    }

    @Test
    public void refusesEachBadFormWithItsOwnMessage() {
        refused("1.5G", "Invalid size '1.5G': decimals are not supported, use a smaller unit (e.g. 1536M, not 1.5G)");
        refused("-1", "Invalid size '-1': a size cannot be negative");
        refused("-1G", "Invalid size '-1G': a size cannot be negative");
        refused("0", "Invalid size '0': a size must be greater than zero");
        refused("0G", "Invalid size '0G': a size must be greater than zero");
        refused("10X", "Invalid size '10X': unknown unit 'X', use M, G or T");
        refused("10K", "Invalid size '10K': unknown unit 'K', use M, G or T");
        refused("10GB", "Invalid size '10GB': unknown unit 'GB', use M, G or T");
        refused("G", "Invalid size 'G': the number is missing before the unit, e.g. 10G");
        refused("1024", "Invalid size '1024': the unit is missing, add M, G or T (bytes are not accepted)");
        refused("1000001G", "Invalid size '1000001G': larger than the largest image, 1000000G");
        refused("99999999999999999999999T", "Invalid size '99999999999999999999999T': larger than the largest image, 1000000G");
        refused("10 G", "Invalid size '10 G': must be a whole number followed by M, G or T, e.g. 10G");
        refused("", "A size is required: a whole number followed by M, G or T, e.g. 10G");
        refused(null, "A size is required: a whole number followed by M, G or T, e.g. 10G");
    }

    @Test
    public void humanFormIsGwclisLargestExactUnit() {
        assertEquals("0b", DiskSize.human(0));
        assertEquals("1023b", DiskSize.human(1023));
        assertEquals("1K", DiskSize.human(1024));
        assertEquals("1536M", DiskSize.human(1536L << 20));
        assertEquals("1G", DiskSize.human(1L << 30));
        assertEquals("2.0T", DiskSize.human(2L << 40));
        assertEquals("1.0P", DiskSize.human(1L << 50));
        assertEquals("1000000G", DiskSize.human(DiskSize.MAX_BYTES));
    }

    @Test
    public void imageIdsAreParsedFromPoolSlashImage() {
        assertEquals(new ImageId("rbd", "disk_1"), ImageId.parse("rbd/disk_1"));
        assertEquals("rbd/disk_1", new ImageId("rbd", "disk_1").toString());
        assertEquals("Invalid disk 'rbd': expected <pool>/<image>",
                assertThrows(RbdException.class, () -> ImageId.parse("rbd")).getMessage());
    }

    @Test
    public void featureNamesAreThePythonConstants() {
        assertEquals(61, ImageFeature.DEFAULT);
        assertEquals("[LAYERING, EXCLUSIVE_LOCK, OBJECT_MAP, FAST_DIFF, DEEP_FLATTEN]",
                ImageFeature.of(61).toString());
        assertEquals("RBD_FEATURE_EXCLUSIVE_LOCK", ImageFeature.EXCLUSIVE_LOCK.upstreamName());
    }
}
