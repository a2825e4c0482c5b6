package org.vigil.fence.ilo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Answers in the layout of HP's RIBCL guide: one document per response, MESSAGE in single quotes. */
class RibclAnswerTest {

    private static final String POWER_ON = "<?xml version=\"1.0\"?>\r\n<RIBCL VERSION=\"2.22\">\r\n<RESPONSE\r\n"
            + "    STATUS=\"0x0000\"\r\n    MESSAGE='No error'\r\n     />\r\n</RIBCL>\r\n"
            + "<?xml version=\"1.0\"?>\r\n<RIBCL VERSION=\"2.22\">\r\n<RESPONSE\r\n    STATUS=\"0x0000\"\r\n"
            + "    MESSAGE='No error'\r\n     />\r\n<GET_HOST_POWER\r\n    HOST_POWER=\"ON\"\r\n/>\r\n</RIBCL>\r\n";

    @Test
    void aPowerStatusAnswer() throws Exception {
        RibclAnswer a = RibclAnswer.parse(POWER_ON, "h:443");
        assertEquals("2.22", a.version());
        assertEquals(2.22, a.versionNumber());
        assertEquals("ON", a.hostPower());
        assertEquals(List.of(new RibclAnswer.Response(0, "No error"), new RibclAnswer.Response(0, "No error")),
                a.responses());
        assertNull(a.firstError());
    }

    @Test
    void aFailedLogin() throws Exception {
        RibclAnswer a = RibclAnswer.parse("<?xml version=\"1.0\"?>\n<RIBCL VERSION=\"2.0\">\n<RESPONSE\n"
                + "    STATUS=\"0x005F\"\n    MESSAGE='Login failed.'\n     />\n</RIBCL>\n", "h:443");
        assertEquals(RibclAnswer.LOGIN_FAILED, a.firstError().status());
        assertEquals("0x005F", a.firstError().statusText());
        assertEquals("Login failed.", a.firstError().message());
    }

    @Test
    void garbageIsNamed() {
        assertEquals("the iLO at h:443 answered something that is not RIBCL XML (starts with 'HTTP/1.1 200 OK??Server: x')",
                assertThrows(IloException.class, () -> RibclAnswer.parse("HTTP/1.1 200 OK\r\nServer: x\r\n", "h:443")).getMessage());
        assertEquals("the iLO at h:443 closed the connection without an answer",
                assertThrows(IloException.class, () -> RibclAnswer.parse("  ", "h:443")).getMessage());
        assertTrue(assertThrows(IloException.class, () -> RibclAnswer.parse(POWER_ON.substring(0, 150), "h:443"))
                .getMessage().startsWith("the iLO at h:443 answered malformed RIBCL XML ("));
        assertEquals("the iLO at h:443 answered XML without any RIBCL RESPONSE element",
                assertThrows(IloException.class, () -> RibclAnswer.parse("<?xml version=\"1.0\"?><RIBCL VERSION=\"2.2\"/>",
                        "h:443")).getMessage());
        assertEquals("the iLO at h:443 answered a RIBCL RESPONSE with a bad STATUS 'ok'",
                assertThrows(IloException.class, () -> RibclAnswer.parse("<?xml version=\"1.0\"?><RIBCL><RESPONSE "
                        + "STATUS=\"ok\" MESSAGE='x'/></RIBCL>", "h:443")).getMessage());
    }

    @Test
    void aDoctypeIsNotFollowed() {
        String evil = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<RIBCL><RESPONSE STATUS=\"0x0000\" MESSAGE='&x;'/></RIBCL>";
        IloException e = assertThrows(IloException.class, () -> RibclAnswer.parse(evil, "h:443"));
        assertTrue(e.getMessage().startsWith("the iLO at h:443 answered malformed RIBCL XML"), e.getMessage());
    }

    @Test
    void thePasswordIsEscapedInTheLoginElement() {
        assertEquals("a&amp;b&lt;c&gt;d&quot;e&apos;f", RibclClient.attribute("a&b<c>d\"e'f"));
    }
}
