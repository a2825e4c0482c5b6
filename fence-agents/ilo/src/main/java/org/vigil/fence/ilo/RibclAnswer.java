package org.vigil.fence.ilo;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * What an iLO answered to one RIBCL script: a series of XML documents, each
 * {@code <?xml version="1.0"?><RIBCL VERSION="2.22"><RESPONSE STATUS="0x0000" MESSAGE='No error'/>...</RIBCL>},
 * one per command, the power state as {@code <GET_HOST_POWER HOST_POWER="ON"/>}.
 *
 * @param version   the iLO's RIBCL version from its first document, or null
 * @param responses every RESPONSE in order
 * @param hostPower the HOST_POWER attribute of GET_HOST_POWER, or null
 */
record RibclAnswer(String version, List<Response> responses, String hostPower) {

    /** RIBCL status of a failed login (RIBCL scripting guide). */
    static final int LOGIN_FAILED = 0x005F;

    /**
     * One RESPONSE element.
     *
     * @param status  its STATUS, e.g. 0 or 0x005F
     * @param message its MESSAGE
     */
    record Response(int status, String message) {
        /** @return the status as the iLO writes it: {@code 0x005F} */
        String statusText() {
            return String.format(Locale.ROOT, "0x%04X", status);
        }
    }

    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XML.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    }

    /**
     * @param text  the iLO's answer (the HTTP body, or all bytes until the iLO closed the connection)
     * @param where {@code host:port} for messages
     * @return it parsed
     * @throws IloException when it is not RIBCL answers
     */
    static RibclAnswer parse(String text, String where) throws IloException {
        String t = text.strip();
        if (t.isEmpty()) {
            throw new IloException("the iLO at " + where + " closed the connection without an answer");
        }
        if (!t.startsWith("<?xml")) {
            throw new IloException("the iLO at " + where + " answered something that is not RIBCL XML (starts with '"
                    + RedfishClient.snippet(t.substring(0, Math.min(60, t.length()))) + "')");
        }
        String version = null;
        String hostPower = null;
        List<Response> responses = new ArrayList<>();
        int from = 0;
        while (from < t.length()) {
            int next = t.indexOf("<?xml", from + 5);
            String doc = t.substring(from, next < 0 ? t.length() : next).strip();
            from = next < 0 ? t.length() : next;
            try {
                XMLStreamReader r = XML.createXMLStreamReader(new StringReader(doc));
                try {
                    while (r.hasNext()) {
                        if (r.next() != XMLStreamReader.START_ELEMENT) {
                            continue;
                        }
                        switch (r.getLocalName()) {
                            case "RIBCL":
                                if (version == null) {
                                    version = r.getAttributeValue(null, "VERSION");
                                }
                                break;
                            case "RESPONSE":
                                responses.add(response(r, where));
                                break;
                            case "GET_HOST_POWER":
                                hostPower = r.getAttributeValue(null, "HOST_POWER");
                                break;
                            default:
                                break;
                        }
                    }
                } finally {
                    r.close();
                }
            } catch (XMLStreamException e) {
                throw new IloException("the iLO at " + where + " answered malformed RIBCL XML ("
                        + RedfishClient.snippet(String.valueOf(e.getMessage()).replaceAll("\\s+", " ")) + ")");
            }
        }
        if (responses.isEmpty()) {
            throw new IloException("the iLO at " + where + " answered XML without any RIBCL RESPONSE element");
        }
        return new RibclAnswer(version, List.copyOf(responses), hostPower);
    }

    private static Response response(XMLStreamReader r, String where) throws IloException {
        String status = r.getAttributeValue(null, "STATUS");
        String message = r.getAttributeValue(null, "MESSAGE");
        try {
            return new Response(Integer.decode(status == null ? "" : status.trim()), message == null ? "" : message);
        } catch (NumberFormatException e) {
            throw new IloException("the iLO at " + where + " answered a RIBCL RESPONSE with a bad STATUS '"
                    + RedfishClient.snippet(String.valueOf(status)) + "'");
        }
    }

    /** @return the RIBCL version as a number (2.22), or 0 when the iLO did not say */
    double versionNumber() {
        try {
            return version == null ? 0 : Double.parseDouble(version.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** @return the first RESPONSE with a non-zero STATUS, or null */
    Response firstError() {
        for (Response r : responses) {
            if (r.status() != 0) {
                return r;
            }
        }
        return null;
    }
}
