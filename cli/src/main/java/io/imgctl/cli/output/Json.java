package io.imgctl.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * Prints one JSON document (an array for lists, an object otherwise), indented by two spaces.
 * Views are plain maps and lists built by {@link JsonViews}, so field names are exactly the SPEC's.
 * Jackson is loaded only when a command asks for JSON.
 */
public final class Json {

    private Json() {
    }

    private static final class Holder {
        static final ObjectWriter WRITER;

        static {
            // "key": value, two-space indent, [] and {} when empty: the layout of jq and docker inspect.
            Separators separators = Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator("");
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators)
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"));
            WRITER = new ObjectMapper().writer(printer);
        }
    }

    public static String render(Object document) {
        try {
            return Holder.WRITER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Tried to write JSON but failed because " + e.getOriginalMessage(), e);
        }
    }

    public static void print(PrintStream out, Object document) {
        out.println(render(document));
    }
}
