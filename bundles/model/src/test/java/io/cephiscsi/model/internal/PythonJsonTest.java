package io.cephiscsi.model.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.Assert.assertEquals;

/** The writer against Python's own output. */
public class PythonJsonTest {

    @Test
    public void floatsAsPythonReprWritesThem() throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/gateway-conf/python-floats.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        int n = 0;
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            assertEquals(line, PythonJson.floatRepr(Double.parseDouble(line)));
            n++;
        }
        assertEquals(519, n);
        assertEquals("NaN", PythonJson.floatRepr(Double.NaN));
        assertEquals("-Infinity", PythonJson.floatRepr(Double.NEGATIVE_INFINITY));
    }

    @Test
    public void layoutAndEscapesAsJsonDumps() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("b", "tab\t\u00e9\u2028\ud83d\ude00\u0001\u007f/");
        root.putObject("a");
        root.putArray("c").add(1).addObject();
        root.putArray("d");
        // python3 -c 'import json;print(json.dumps({"b":"tab\t\u00e9\u2028\U0001F600\x01\x7f/","a":{},
        //     "c":[1,{}],"d":[]},sort_keys=True,indent=4,separators=(",",": ")))'
        String expected = "{\n    \"a\": {},\n    \"b\": \"tab\\t\\u00e9\\u2028\\ud83d\\ude00\\u0001\\u007f/\",\n"
                + "    \"c\": [\n        1,\n        {}\n    ],\n    \"d\": []\n}";
        assertEquals(expected, new String(PythonJson.write(root), StandardCharsets.US_ASCII));
    }

    @Test
    public void keysSortByCodePointLikePython() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("\ud83d\ude00", 1);
        root.put("\uffff", 2);
        root.put("Z", 3);
        root.put("a", 4);
        String out = new String(PythonJson.write(root), StandardCharsets.US_ASCII);
        assertEquals("{\n    \"Z\": 3,\n    \"a\": 4,\n    \"\\uffff\": 2,\n    \"\\ud83d\\ude00\": 1\n}", out);
    }
}
