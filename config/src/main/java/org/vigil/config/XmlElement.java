package org.vigil.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One element of a parsed configuration document: its name, attributes (in document
 * order), child elements, where it is (line of its start tag, and of each attribute) and
 * its path in the document ({@code /cluster/clusternodes/clusternode[2]}). Text content is
 * not kept: {@code cluster.conf} says everything in attributes.
 */
final class XmlElement {

    private final String name;
    private final int line;
    private final Map<String, String> attributes;
    private final Map<String, Integer> attributeLines;
    private final List<XmlElement> children = new ArrayList<>();
    private String path;

    XmlElement(String name, int line, Map<String, String> attributes, Map<String, Integer> attributeLines) {
        this.name = name;
        this.line = line;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        this.attributeLines = Map.copyOf(attributeLines);
    }

    /** @return the element's name */
    String name() {
        return name;
    }

    /** @return the line its start tag begins on */
    int line() {
        return line;
    }

    /**
     * @param attribute an attribute name
     * @return the line that attribute is written on, else the element's line
     */
    int line(String attribute) {
        return attributeLines.getOrDefault(attribute, line);
    }

    /** @return where the element is, e.g. {@code /cluster/clusternodes/clusternode[2]} */
    String path() {
        return path;
    }

    /** @return every attribute, in document order */
    Map<String, String> attributes() {
        return attributes;
    }

    /**
     * @param attribute an attribute name
     * @return its value, if the attribute is written
     */
    Optional<String> attribute(String attribute) {
        return Optional.ofNullable(attributes.get(attribute));
    }

    /** @return the child elements, in document order */
    List<XmlElement> children() {
        return Collections.unmodifiableList(children);
    }

    /**
     * @param childName an element name
     * @return the child elements of that name, in document order
     */
    List<XmlElement> children(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).toList();
    }

    void add(XmlElement child) {
        children.add(child);
    }

    /**
     * Gives this element and all below it their paths: an index ({@code [n]}, from 1) is
     * written when the parent holds several elements of that name, as in XPath.
     */
    void assignPaths(String parentPath, int index, boolean indexed) {
        path = parentPath + "/" + name + (indexed ? "[" + index + "]" : "");
        Map<String, Integer> counts = new LinkedHashMap<>();
        children.forEach(c -> counts.merge(c.name, 1, Integer::sum));
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (XmlElement c : children) {
            int n = seen.merge(c.name, 1, Integer::sum);
            c.assignPaths(path, n, counts.get(c.name) > 1);
        }
    }

    @Override
    public String toString() {
        return path != null ? path : "<" + name + ">";
    }
}
