package org.vigil.itests.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShellResultTest {

    @Test
    void tellsSuccessFromKarafErrors() {
        assertTrue(new ShellResult("n", "c", 0, "fine\n", "").ok());
        assertTrue(new ShellResult("n", "c", 1, "", "").failed());
        assertTrue(new ShellResult("n", "c", 0, "Error executing command: bad\n", "").failed());
        ShellResult missing = new ShellResult("n", "foo:bar", 1, "Command not found: foo:bar\n", "");
        assertTrue(missing.commandNotFound());
        assertThrows(AssertionError.class, missing::assertOk);
        assertEquals(missing, missing.assertFailed());
    }

    @Test
    void parsesJson() {
        assertEquals(3, new ShellResult("n", "c", 0, "{\"members\": [1, 2, 3]}", "").json().path("members").size());
        assertThrows(AssertionError.class, () -> new ShellResult("n", "c", 0, "not json", "").json());
        assertThrows(AssertionError.class, () -> new ShellResult("n", "c", 1, "{}", "").json());
    }

    @Test
    void removesAnsiColours() {
        String raw = "\u001B[31mError executing command: \u001B[0m\u001B[31;1mNo matching bundles\u001B[0m\r\n";
        assertEquals("Error executing command: No matching bundles\n", KarafShell.clean(raw));
        assertFalse(KarafShell.clean(raw).contains("\u001B"));
    }
}
