package dev.llmgateway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The README's embedding snippets are the example projects: per host, the dependencies and BOMs
 * its {@code xml} block shows are those of {@code examples/<host>/pom.xml} (test scope aside), and
 * its {@code properties} block holds the settings of the example's application.properties, no more,
 * no fewer. CI builds and tests the examples, so what the README shows is what was run.
 */
class ReadmeEmbeddingTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Camel Main, camel-main", "Spring Boot, spring-boot", "Quarkus, quarkus"})
    void the_readme_shows_each_host_exactly_as_its_example_is(String host, String example) throws Exception {
        String section = section(Files.readString(Path.of("README.md")), host);
        Path project = Path.of("examples", example);

        Element shown = xml("<shown>" + block(section, "xml") + "</shown>");
        Element pom = xml(Files.readString(project.resolve("pom.xml")));
        assertThat(dependencies(shown, "dependencies")).as("dependencies of %s", host)
                .isEqualTo(dependencies(pom, "dependencies"));
        assertThat(dependencies(shown, "dependencyManagement")).as("BOMs of %s", host)
                .isEqualTo(dependencies(pom, "dependencyManagement"));

        Properties readme = properties(block(section, "properties"));
        Properties used = properties(Files.readString(project.resolve("src/main/resources/application.properties")));
        assertThat(Map.copyOf(readme)).as("settings of %s", host).isEqualTo(Map.copyOf(used));
    }

    /** The README's "### HOST" subsection of "## Embed it". */
    private static String section(String readme, String host) {
        String embed = readme.substring(readme.indexOf("\n## Embed it"));
        embed = embed.substring(0, embed.indexOf("\n## ", 1));
        int start = embed.indexOf("\n### " + host + "\n");
        assertThat(start).as("a section \"### %s\" under \"## Embed it\"", host).isNotNegative();
        int end = embed.indexOf("\n### ", start + 1);
        return embed.substring(start, end < 0 ? embed.length() : end);
    }

    private static String block(String section, String language) {
        Matcher block = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(block.find()).as("a ```%s block", language).isTrue();
        return block.group(1);
    }

    private static Element xml(String text) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(text))).getDocumentElement();
    }

    /**
     * groupId:artifactId of the dependencies directly under the root's {@code dependencies}, or
     * of the BOMs under its {@code dependencyManagement}; test-scoped ones left out.
     */
    private static Set<String> dependencies(Element root, String under) {
        Set<String> found = new TreeSet<>();
        Element parent = child(root, under);
        if (parent != null && under.equals("dependencyManagement")) {
            parent = child(parent, "dependencies");
        }
        if (parent == null) {
            return found;
        }
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element dependency && dependency.getTagName().equals("dependency")
                    && !"test".equals(text(dependency, "scope"))) {
                found.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId"));
            }
        }
        return found;
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element element = child(parent, name);
        return element == null ? null : element.getTextContent().trim();
    }

    private static Properties properties(String text) throws Exception {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return properties;
    }
}
