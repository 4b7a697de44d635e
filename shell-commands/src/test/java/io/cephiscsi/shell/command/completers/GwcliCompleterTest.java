package io.cephiscsi.shell.command.completers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.junit.Test;

import io.cephiscsi.gateway.internal.FixtureGateway;
import io.cephiscsi.shell.command.CommandLines;

/** The Karaf completer over the real gateway service on the v11 fixture. */
public class GwcliCompleterTest {

    @Test
    public void theCompleterKnowsTheOneShotFormAndTheTreeCommands() {
        GwcliCompleter completer = new GwcliCompleter();
        completer.gateway = FixtureGateway.v11();
        List<Candidate> found = new ArrayList<>();
        completer.completeCandidates(null, line("gwcli", "/disks", "create", "po"), found);
        assertEquals(1, found.size());
        assertEquals("pool=", found.get(0).value());
        assertEquals("a parameter name leaves the cursor in the word", false, found.get(0).complete());
        found.clear();
        completer.completeCandidates(null, line("iscsi:gwcli", "/disks", "resize", "rbd/disk_"), found);
        assertEquals(List.of("rbd/disk_1", "rbd/disk_2"), found.stream().map(Candidate::value).sorted().toList());
        assertTrue(found.get(0).complete());
    }

    @Test
    public void everyEarlierWordIsAcceptedWhenKarafChecksItAlone() {
        GwcliCompleter completer = new GwcliCompleter();
        completer.gateway = FixtureGateway.v11();
        List<Candidate> found = new ArrayList<>();
        completer.completeCandidates(null, new org.apache.karaf.shell.support.completers.ArgumentCommandLine(
                "pool=rbd", 8), found);
        assertEquals(List.of("pool=rbd"), found.stream().map(Candidate::value).toList());
    }

    /** The words of a command line with the cursor at the end of the last one. */
    private static CommandLine line(String... words) {
        return CommandLines.cursorAtEnd(words);
    }
}
