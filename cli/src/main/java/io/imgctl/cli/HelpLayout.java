package io.imgctl.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * {@code imgctl --help} lists the commands by topic instead of in one list. A command missing from
 * {@link #TOPICS} is listed under "Other", so a new command is never left out of the help.
 */
final class HelpLayout implements IHelpSectionRenderer {

    /** Topic → command names, in the order shown. */
    static final Map<String, List<String>> TOPICS = topics();

    static final String OTHER = "Other";

    private static Map<String, List<String>> topics() {
        Map<String, List<String>> t = new LinkedHashMap<>();
        t.put("Images", List.of("images", "pull", "inspect", "history", "layers", "ref"));
        t.put("Containers", List.of("run", "ps", "rm"));
        t.put("Removal", List.of("rmi", "prune", "df"));
        t.put("Custom images", List.of("commit", "tag", "push"));
        t.put(OTHER, List.of("completion", "demo"));
        return t;
    }

    /** Replaces the root command's one "Commands:" list with one list per topic. */
    static void install(CommandLine root) {
        Map<String, IHelpSectionRenderer> sections = root.getHelpSectionMap();
        sections.put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, help -> "");
        sections.put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, new HelpLayout());
    }

    /** The topics with the commands that exist, every command exactly once. */
    static Map<String, List<String>> grouped(Iterable<String> commands) {
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        List<String> placed = new ArrayList<>();
        TOPICS.forEach((topic, names) -> grouped.put(topic, new ArrayList<>()));
        TOPICS.forEach((topic, names) -> {
            for (String name : names) {
                for (String command : commands) {
                    if (command.equals(name)) {
                        grouped.get(topic).add(name);
                        placed.add(name);
                    }
                }
            }
        });
        for (String command : commands) {
            if (!placed.contains(command)) {
                grouped.get(OTHER).add(command);
            }
        }
        grouped.values().removeIf(List::isEmpty);
        return grouped;
    }

    @Override
    public String render(Help help) {
        Map<String, Help> commands = help.subcommands();
        if (commands.isEmpty()) {
            return "";
        }
        int nameWidth = commands.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
        int width = help.commandSpec().usageMessage().width();
        StringBuilder out = new StringBuilder();
        grouped(commands.keySet()).forEach((topic, names) -> {
            out.append(help.createHeading("%n" + topic + ":%n"));
            TextTable table = TextTable.forColumns(help.colorScheme(),
                    new Column(nameWidth + 2, 2, Column.Overflow.SPAN),
                    new Column(width - nameWidth - 2, 2, Column.Overflow.WRAP));
            for (String name : names) {
                UsageMessageSpec usage = commands.get(name).commandSpec().usageMessage();
                String summary = usage.description().length > 0 ? usage.description()[0] : "";
                table.addRowValues(name, summary);
            }
            out.append(table);
        });
        return out.toString();
    }
}
