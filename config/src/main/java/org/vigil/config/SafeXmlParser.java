package org.vigil.config;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Parses a small XML document into {@link XmlElement}s with line numbers, using the JDK's
 * own StAX parser. DTDs are refused outright, so no entity of any kind (external or
 * internal) is ever expanded.
 */
final class SafeXmlParser {

    private SafeXmlParser() {
    }

    /**
     * @param content the document's bytes (the encoding is read from them)
     * @return the root element, with every element's path assigned
     * @throws MalformedXmlException when the document is not well-formed or has a DOCTYPE
     */
    static XmlElement parse(byte[] content) throws MalformedXmlException {
        // The JDK's own implementation, not whatever a bundle may have registered as the
        // StAX provider: the security properties below are known to hold for it.
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        Deque<Open> open = new ArrayDeque<>();
        XmlElement root = null;
        SourceText text = null;
        XMLStreamReader reader = null;
        try {
            reader = factory.createXMLStreamReader(new ByteArrayInputStream(content));
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new MalformedXmlException(reader.getLocation().getLineNumber(), "/",
                        "a DOCTYPE is not allowed: cluster.conf takes no DTD and no entity declarations");
                } else if (event == XMLStreamConstants.START_ELEMENT) {
                    if (text == null) {
                        text = SourceText.of(content, reader.getEncoding());
                    }
                    XmlElement element = startElement(reader, text);
                    if (open.isEmpty()) {
                        root = element;
                    } else {
                        open.peek().add(element);
                    }
                    open.push(new Open(element, open.isEmpty() ? 1 : open.peek().lastIndex));
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    open.pop();
                }
            }
        } catch (XMLStreamException e) {
            Location at = e.getLocation();
            throw new MalformedXmlException(at != null ? Math.max(at.getLineNumber(), 0) : 0, openPath(open),
                "not well-formed XML: " + parserMessage(e));
        } finally {
            close(reader);
        }
        if (root == null) {
            throw new MalformedXmlException(0, "/", "not well-formed XML: the document has no root element");
        }
        root.assignPaths("", 1, false);
        return root;
    }

    private static XmlElement startElement(XMLStreamReader reader, SourceText text) {
        Location end = reader.getLocation();
        SourceText.StartTag tag = text.startTagEndingAt(end.getLineNumber(), end.getColumnNumber());
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, Integer> attributeLines = new HashMap<>();
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String prefix = reader.getAttributePrefix(i);
            String name = prefix == null || prefix.isEmpty()
                ? reader.getAttributeLocalName(i) : prefix + ":" + reader.getAttributeLocalName(i);
            attributes.put(name, reader.getAttributeValue(i));
            attributeLines.put(name, tag.attributeLine(name));
        }
        return new XmlElement(reader.getLocalName(), tag.line(), attributes, attributeLines);
    }

    /** Where the parser was when it stopped, for a document that is not well-formed. */
    private static String openPath(Deque<Open> open) {
        if (open.isEmpty()) {
            return "/";
        }
        StringBuilder path = new StringBuilder();
        open.descendingIterator().forEachRemaining(o -> path.append('/').append(o.element.name())
            .append(o.index > 1 ? "[" + o.index + "]" : ""));
        return path.toString();
    }

    /** The JDK prefixes its messages with "ParseError at [row,col]:[l,c]\nMessage: ". */
    private static String parserMessage(XMLStreamException e) {
        String message = String.valueOf(e.getMessage());
        int at = message.indexOf("Message: ");
        return (at >= 0 ? message.substring(at + "Message: ".length()) : message).strip();
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // nothing held: the input is in memory
            }
        }
    }

    /** An element whose end tag has not been seen yet. */
    private static final class Open {
        final XmlElement element;
        final int index;
        private final Map<String, Integer> childCounts = new HashMap<>();
        int lastIndex;

        Open(XmlElement element, int index) {
            this.element = element;
            this.index = index;
        }

        void add(XmlElement child) {
            element.add(child);
            lastIndex = childCounts.merge(child.name(), 1, Integer::sum);
        }
    }

    /** The document as lines of text, to find where start tags and their attributes begin. */
    static final class SourceText {
        private final String[] lines;

        private SourceText(String[] lines) {
            this.lines = lines;
        }

        static SourceText of(byte[] content, String encoding) {
            Charset charset;
            try {
                charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            } catch (IllegalArgumentException e) {
                charset = StandardCharsets.UTF_8;
            }
            String s = new String(content, charset);
            if (s.startsWith("\uFEFF")) {
                s = s.substring(1);
            }
            // The same line breaks as XML's end-of-line handling, so numbers match the parser's.
            return new SourceText(s.split("\r\n|\r|\n", -1));
        }

        /**
         * @param endLine   the line the start tag ends on (1-based)
         * @param endColumn the column just after its closing {@code >} (1-based)
         * @return the start tag: the last {@code <} before that point opens it, since a
         *         well-formed attribute value cannot hold one
         */
        StartTag startTagEndingAt(int endLine, int endColumn) {
            if (endLine < 1 || endLine > lines.length || endColumn < 2) {
                return new StartTag(Math.max(endLine, 0), "");
            }
            StringBuilder tag = new StringBuilder();
            int line = endLine;
            int to = Math.min(endColumn - 1, lines[line - 1].length());
            while (line >= 1) {
                String l = lines[line - 1];
                int from = l.lastIndexOf('<', to - 1);
                if (from >= 0) {
                    tag.insert(0, l, from, to);
                    return new StartTag(line, tag.toString());
                }
                tag.insert(0, l, 0, to).insert(0, '\n');
                line--;
                to = line >= 1 ? lines[line - 1].length() : 0;
            }
            return new StartTag(endLine, "");
        }

        /**
         * A start tag's text, from {@code <} to {@code >}, and the line it begins on.
         *
         * @param line the line of its {@code <}
         * @param text the tag as written, lines joined by {@code \n}
         */
        record StartTag(int line, String text) {

            /** @return the line the attribute's name is written on, else the tag's line */
            int attributeLine(String name) {
                int i = 1;
                int lineOffset = 0;
                while (i < text.length() && !isSpace(text.charAt(i)) && text.charAt(i) != '>' && text.charAt(i) != '/') {
                    i++;
                }
                while (i < text.length()) {
                    char c = text.charAt(i);
                    if (c == '\n') {
                        lineOffset++;
                        i++;
                    } else if (isSpace(c)) {
                        i++;
                    } else if (c == '"' || c == '\'') {
                        int close = text.indexOf(c, i + 1);
                        if (close < 0) {
                            break;
                        }
                        lineOffset += (int) text.substring(i, close).chars().filter(ch -> ch == '\n').count();
                        i = close + 1;
                    } else if (c == '=' || c == '/' || c == '>') {
                        i++;
                    } else {
                        int start = i;
                        while (i < text.length() && !isSpace(text.charAt(i)) && text.charAt(i) != '='
                            && text.charAt(i) != '>' && text.charAt(i) != '/') {
                            i++;
                        }
                        if (text.substring(start, i).equals(name)) {
                            return line + lineOffset;
                        }
                    }
                }
                return line;
            }

            private static boolean isSpace(char c) {
                return c == ' ' || c == '\t' || c == '\n' || c == '\r';
            }
        }
    }

    /** The document could not be parsed; says where and why. */
    static final class MalformedXmlException extends Exception {
        private static final long serialVersionUID = 1L;

        private final int line;
        private final String element;

        MalformedXmlException(int line, String element, String reason) {
            super(reason);
            this.line = line;
            this.element = element;
        }

        /** @return the line, 0 when unknown */
        int line() {
            return line;
        }

        /** @return the element the parser was in */
        String element() {
            return element;
        }
    }
}
