package io.cephiscsi.shell.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.Test;

import io.cephiscsi.gateway.internal.FixtureGateway;
import io.cephiscsi.shell.internal.Dispatcher;
import io.cephiscsi.shell.internal.TreeView;

/** The Karaf command itself, one-shot without a console (as over SSH or bin/client). */
public class GwcliTest {

    @Test
    public void oneShotPrintsTheTreeUncolouredAtTheDefaultWidth() throws Exception {
        Gwcli command = new Gwcli();
        command.gateway = FixtureGateway.v11();
        command.words = List.of("ls", "/", "1");
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            command.execute();
        } finally {
            System.setOut(saved);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(new Dispatcher(command.gateway, Consoles.state(null)).run(List.of("ls", "/", "1"),
                new Dispatcher.Display(TreeView.DEFAULT_WIDTH, false)) + System.lineSeparator(), text);
        assertTrue(text, text.startsWith("o- / "));
        assertTrue(text, !text.contains("\u001B"));
    }
}
