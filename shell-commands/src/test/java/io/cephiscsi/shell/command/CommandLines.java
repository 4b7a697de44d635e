package io.cephiscsi.shell.command;

import org.apache.karaf.shell.api.console.CommandLine;

/** Command lines for completer tests, as Karaf's parser hands them over. */
public final class CommandLines {

    private CommandLines() {
    }

    /** The words of a command line with the cursor at the end of the last one. */
    public static CommandLine cursorAtEnd(String... words) {
        return new CommandLine() {
            @Override
            public int getCursorArgumentIndex() {
                return words.length - 1;
            }

            @Override
            public String getCursorArgument() {
                return words[words.length - 1];
            }

            @Override
            public int getArgumentPosition() {
                return words[words.length - 1].length();
            }

            @Override
            public String[] getArguments() {
                return words;
            }

            @Override
            public int getBufferPosition() {
                return getBuffer().length();
            }

            @Override
            public String getBuffer() {
                return String.join(" ", words);
            }
        };
    }
}
