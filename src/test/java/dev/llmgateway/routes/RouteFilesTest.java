package dev.llmgateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A bean of the route files that another bean takes ({@code "#bean:llmVirtualKeys"}) must be declared
 * in the same file: Camel makes the beans of each file as it loads it, and the files load in whatever
 * order the host lists them (the shell's for {@code camel run routes/*.yaml}, a classpath scan's in
 * Spring Boot), so a bean of a later file does not exist yet. Routes may take any bean: they are
 * made once every file is loaded.
 */
class RouteFilesTest {

    private static final Pattern DECLARED = Pattern.compile("(?m)^\\s*- name: (\\S+)\\s*$");
    private static final Pattern TAKEN = Pattern.compile("#bean:([A-Za-z0-9_-]+)");

    @Test
    void should_take_only_beans_of_its_own_file() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(Path.of("routes"))) {
            files = listed.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }
        Set<String> problems = new HashSet<>();
        for (Path file : files) {
            String yaml = Files.readString(file);
            Set<String> declared = new HashSet<>();
            DECLARED.matcher(yaml).results().forEach(match -> declared.add(match.group(1)));
            String beans = Stream.of(yaml.split("(?m)^- ")).filter(item -> item.startsWith("beans:"))
                    .reduce("", String::concat);
            Matcher taken = TAKEN.matcher(beans);
            while (taken.find()) {
                if (!declared.contains(taken.group(1))) {
                    problems.add(file.getFileName() + " takes " + taken.group(1) + ", which it does not declare");
                }
            }
        }
        assertThat(files).hasSizeGreaterThan(10);
        assertThat(problems).isEmpty();
    }
}
