package io.cephiscsi.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.Test;

public class ParamParserTest {

    private static final CommandSpec CREATE = NodeKind.DISKS.command("create").orElseThrow();
    private static final CommandSpec RESIZE = NodeKind.DISKS.command("resize").orElseThrow();
    private static final CommandSpec RECONFIGURE = NodeKind.TARGET.command("reconfigure").orElseThrow();

    private static Map<String, String> parse(CommandSpec spec, String line) {
        return ParamParser.parse(spec, ParamParser.words(line));
    }

    @Test
    public void keyValueParameters() {
        assertEquals(Map.of("pool", "rbd", "image", "disk_1", "size", "90G"),
                parse(CREATE, "size=90G pool=rbd image=disk_1"));
    }

    @Test
    public void positionalParametersFillUpstreamsOrder() {
        assertEquals(Map.of("image_id", "rbd/disk_1", "size", "100G"), parse(RESIZE, "rbd/disk_1 100G"));
        assertEquals(Map.of("pool", "rbd/disk_1", "image", "90G", "size", "3"), parse(CREATE, "rbd/disk_1 90G 3"));
    }

    @Test
    public void positionalAndKeyValueMix() {
        assertEquals(Map.of("image_id", "rbd/disk_1", "size", "2T"), parse(RESIZE, "rbd/disk_1 size=2T"));
        assertEquals(Map.of("pool", "rbd", "image", "x", "count", "5"), parse(CREATE, "rbd x count=5"));
    }

    @Test
    public void quotesGroupWordsAndAreDropped() {
        assertEquals(List.of("auth", "username=\"my user\"", "password='a b'"),
                ParamParser.words("auth  username=\"my user\" password='a b'"));
        assertEquals(Map.of("attribute", "cmdsn_depth", "value", "a b"),
                parse(RECONFIGURE, "cmdsn_depth \"a b\""));
        assertEquals(Map.of("attribute", "x", "value", "with space"), parse(RECONFIGURE, "x value='with space'"));
        assertEquals(List.of("a b", "c"), ParamParser.words("a\\ b c"));
    }

    @Test
    public void anEmptyValueIsKept() {
        assertEquals(Map.of("attribute", "cmdsn_depth", "value", ""), parse(RECONFIGURE, "cmdsn_depth value="));
        assertEquals(Map.of("attribute", "cmdsn_depth", "value", ""), parse(RECONFIGURE, "cmdsn_depth ''"));
    }

    @Test
    public void anUnknownParameterIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(CREATE, "pol=rbd"));
        assertEquals("Unknown parameter 'pol' for create (parameters: pool, image, size, backstore, wwn, count)",
                e.getMessage());
    }

    @Test
    public void aMissingParameterIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(RESIZE, "rbd/disk_1"));
        assertEquals("Missing parameter 'size' for resize (usage: resize image_id size)", e.getMessage());
    }

    @Test
    public void aParameterGivenTwiceIsNamed() {
        assertEquals("Parameter 'pool' given twice", assertThrows(IllegalArgumentException.class,
                () -> parse(CREATE, "pool=a pool=b")).getMessage());
        assertEquals("Parameter 'image_id' given twice", assertThrows(IllegalArgumentException.class,
                () -> parse(RESIZE, "rbd/a 1G image_id=rbd/b")).getMessage());
    }

    @Test
    public void tooManyPositionalParametersAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse(RESIZE, "rbd/disk_1 1G extra"));
        assertEquals("Too many parameters for resize: 'extra' (usage: resize image_id size)", e.getMessage());
    }

    @Test
    public void anUnterminatedQuoteIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> ParamParser.words("auth username='x"));
    }
}
