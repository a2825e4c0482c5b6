package org.vigil.resource.ocf;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.vigil.api.resource.ResourceParameter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What an OCF agent's {@code meta-data} says: its parameters (name, required, unique, default,
 * short description) and the timeouts of its actions.
 *
 * @param name       the agent's name in its meta-data
 * @param parameters its parameters
 * @param timeouts   action name → timeout
 */
record OcfMetadata(String name, List<ResourceParameter> parameters, Map<String, Duration> timeouts) {

    /** Copies. */
    OcfMetadata {
        parameters = List.copyOf(parameters);
        timeouts = Map.copyOf(timeouts);
    }

    /** @return the names of the required parameters */
    List<String> required() {
        return parameters.stream().filter(ResourceParameter::required).map(ResourceParameter::name).toList();
    }

    /**
     * Parses meta-data XML (no DTDs, no external entities).
     *
     * @param xml the agent's meta-data output
     * @return what it says
     * @throws IllegalArgumentException when it is not OCF meta-data
     */
    static OcfMetadata parse(String xml) {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setExpandEntityReferences(false);
            f.setXIncludeAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            doc = b.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalArgumentException("meta-data is not XML: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        if (!"resource-agent".equals(root.getTagName())) {
            throw new IllegalArgumentException("meta-data's root is <" + root.getTagName() + ">, not <resource-agent>");
        }
        List<ResourceParameter> params = new ArrayList<>();
        NodeList ps = root.getElementsByTagName("parameter");
        for (int i = 0; i < ps.getLength(); i++) {
            Element p = (Element) ps.item(i);
            String def = null;
            NodeList content = p.getElementsByTagName("content");
            if (content.getLength() > 0 && ((Element) content.item(0)).hasAttribute("default")) {
                def = ((Element) content.item(0)).getAttribute("default");
            }
            params.add(new ResourceParameter(p.getAttribute("name"), flag(p, "required"), flag(p, "unique"),
                Optional.ofNullable(def).filter(d -> !d.isEmpty()), text(p, "shortdesc")));
        }
        Map<String, Duration> timeouts = new HashMap<>();
        NodeList as = root.getElementsByTagName("action");
        for (int i = 0; i < as.getLength(); i++) {
            Element a = (Element) as.item(i);
            String t = a.getAttribute("timeout");
            if (!t.isEmpty()) {
                try {
                    timeouts.putIfAbsent(a.getAttribute("name"), duration(t));
                } catch (IllegalArgumentException e) {
                    // an odd timeout: the manager's default applies
                }
            }
        }
        return new OcfMetadata(root.getAttribute("name"), params, timeouts);
    }

    private static boolean flag(Element e, String attribute) {
        String v = e.getAttribute(attribute).strip();
        return v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes");
    }

    private static String text(Element e, String child) {
        NodeList l = e.getElementsByTagName(child);
        return l.getLength() == 0 ? "" : l.item(0).getTextContent().strip().replaceAll("\\s+", " ");
    }

    /** OCF timeouts: {@code 20s}, {@code 20}, {@code 2m}, {@code 500ms}. */
    static Duration duration(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).strip()));
        }
        if (t.endsWith("min")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 3).strip()));
        }
        if (t.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1).strip()));
        }
        if (t.endsWith("h")) {
            return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1).strip()));
        }
        if (t.endsWith("s")) {
            t = t.substring(0, t.length() - 1).strip();
        }
        try {
            return Duration.ofSeconds(Long.parseLong(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a timeout: " + text, e);
        }
    }
}
