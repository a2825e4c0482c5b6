package org.vigil.fence.external;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.vigil.api.fence.AgentParameter;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceAgentMetadata;
import org.vigil.api.fence.ParameterType;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Reads the XML a ClusterLabs agent prints for {@code -o metadata}
 * ({@code <resource-agent><parameters><parameter name= required= obsoletes= deprecated=>
 * <content type= default=><option value=/></content><shortdesc/>...<actions><action name=/>}) into
 * Vigil metadata of type {@code external}:
 * <ul>
 *   <li>first the adapter's own {@code agent} parameter, then every agent parameter except the
 *       ones the adapter sets ({@code action}, {@code plug}/{@code port}: the node's plug) and
 *       {@code help}/{@code version};</li>
 *   <li>types: string, boolean, integer, second (SECONDS), select (SELECT with its options);
 *       anything else is STRING;</li>
 *   <li>a required parameter that has an alias ({@code ip} obsoletes {@code ipaddr}) is marked not
 *       required (either name satisfies it) and its description says so;</li>
 *   <li>password-like parameters are secret ({@link SecretValues#isSecret}) and their default is
 *       not shown;</li>
 *   <li>actions: STATUS, LIST, MONITOR as the agent lists them; OFF and ON only when the agent
 *       also has status (they are confirmed by a status call), REBOOT when it has off, on and
 *       status.</li>
 * </ul>
 */
final class MetadataParser {
    /** Agent parameters the adapter sets itself or that make no sense in a device. */
    static final Set<String> NOT_DEVICE_PARAMETERS = Set.of("action", "plug", "port", "help", "version");

    private MetadataParser() {
    }

    /**
     * @param agentName the agent that printed it, e.g. {@code fence_ipmilan}
     * @param xml       what it printed
     * @param type      the metadata's type (the adapter's {@code vigil.fence.type})
     * @param agentParameter the adapter's own {@code agent} parameter, listed first
     * @return the metadata
     * @throws AgentException when the XML is not agent metadata
     */
    static FenceAgentMetadata parse(String agentName, String xml, String type, AgentParameter agentParameter)
            throws AgentException {
        Document doc;
        try {
            doc = builder().parse(new InputSource(new StringReader(xml)));
        } catch (SAXException | IOException e) {
            throw new AgentException("cannot read the metadata of " + agentName + ": not XML ("
                    + oneLine(e.getMessage()) + ")");
        }
        Element root = doc.getDocumentElement();
        if (!"resource-agent".equals(root.getTagName())) {
            throw new AgentException("cannot read the metadata of " + agentName + ": the root element is <"
                    + root.getTagName() + ">, not <resource-agent>");
        }
        List<Element> params = children(first(root, "parameters"), "parameter");
        if (params.isEmpty()) {
            throw new AgentException("cannot read the metadata of " + agentName + ": it lists no parameters");
        }
        // alias pairs: <parameter name="ip" obsoletes="ipaddr"> makes ipaddr an alias of ip
        Map<String, String> aliasOf = new HashMap<>();
        Map<String, String> newNameOf = new HashMap<>();
        for (Element p : params) {
            String obsoletes = p.getAttribute("obsoletes");
            if (!obsoletes.isEmpty()) {
                aliasOf.put(p.getAttribute("name"), obsoletes);
                newNameOf.put(obsoletes, p.getAttribute("name"));
            }
        }
        List<AgentParameter> out = new ArrayList<>();
        out.add(agentParameter);
        Set<String> seen = new HashSet<>();
        for (Element p : params) {
            String name = p.getAttribute("name");
            if (name.isEmpty() || NOT_DEVICE_PARAMETERS.contains(name) || !seen.add(name)) {
                continue;
            }
            Element content = first(p, "content");
            String xmlType = content == null ? "string" : content.getAttribute("type");
            ParameterType t;
            switch (xmlType) {
                case "boolean":
                    t = ParameterType.BOOLEAN;
                    break;
                case "integer":
                    t = ParameterType.INTEGER;
                    break;
                case "second":
                    t = ParameterType.SECONDS;
                    break;
                case "select":
                    t = ParameterType.SELECT;
                    break;
                default:
                    t = ParameterType.STRING;
            }
            List<String> choices = new ArrayList<>();
            if (t == ParameterType.SELECT) {
                for (Element o : children(content, "option")) {
                    choices.add(o.getAttribute("value"));
                }
            }
            boolean secret = SecretValues.isSecret(name);
            Optional<String> def = Optional.empty();
            if (content != null && content.hasAttribute("default") && !secret) {
                def = Optional.of(content.getAttribute("default"));
            }
            Element shortdesc = first(p, "shortdesc");
            StringBuilder desc = new StringBuilder(shortdesc == null ? name : oneLine(shortdesc.getTextContent()));
            boolean required = "1".equals(p.getAttribute("required"));
            String alias = aliasOf.containsKey(name) ? aliasOf.get(name) : newNameOf.get(name);
            if (newNameOf.containsKey(name)) {
                required = false;
                desc.append(" (deprecated name of ").append(newNameOf.get(name)).append(')');
            } else if (required && alias != null) {
                required = false;
                desc.append(" (required: give ").append(name).append(" or ").append(alias).append(')');
            }
            out.add(new AgentParameter(name, t, required, def, secret, choices, desc.toString()));
        }
        Set<String> agentActions = new HashSet<>();
        for (Element a : children(first(root, "actions"), "action")) {
            agentActions.add(a.getAttribute("name"));
        }
        Set<FenceAction> actions = EnumSet.noneOf(FenceAction.class);
        boolean status = agentActions.contains("status");
        if (status) {
            actions.add(FenceAction.STATUS);
        }
        if (status && agentActions.contains("off")) {
            actions.add(FenceAction.OFF);
        }
        if (status && agentActions.contains("on")) {
            actions.add(FenceAction.ON);
        }
        if (status && agentActions.contains("off") && agentActions.contains("on")) {
            actions.add(FenceAction.REBOOT);
        }
        if (agentActions.contains("list")) {
            actions.add(FenceAction.LIST);
        }
        if (agentActions.contains("monitor")) {
            actions.add(FenceAction.MONITOR);
        }
        String shortdesc = root.getAttribute("shortdesc");
        String description = (shortdesc.isEmpty() ? agentName : oneLine(shortdesc)) + " (ClusterLabs " + agentName
                + ", run by the external adapter)";
        return new FenceAgentMetadata(type, description, out, actions);
    }

    private static DocumentBuilder builder() throws SAXException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.ErrorHandler() {
                @Override
                public void warning(org.xml.sax.SAXParseException e) {
                    // not fatal
                }

                @Override
                public void error(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return b;
        } catch (ParserConfigurationException e) {
            throw new SAXException("no usable XML parser: " + e.getMessage(), e);
        }
    }

    private static Element first(Element parent, String tag) {
        List<Element> c = children(parent, tag);
        return c.isEmpty() ? null : c.get(0);
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        NodeList nl = parent.getChildNodes();
        for (int i = 0; i < nl.getLength(); i++) {
            Node n = nl.item(i);
            if (n instanceof Element && ((Element) n).getTagName().equals(tag)) {
                out.add((Element) n);
            }
        }
        return out;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }
}
