package org.vigil.api.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LockModeTest {

    /** The DLM compatibility matrix, one row per pair: held, requested, compatible. */
    @ParameterizedTest(name = "{0} with {1} -> {2}")
    @CsvSource({
        "NL,NL,true", "NL,EX,true", "CR,CR,true", "CR,CW,true", "CR,PR,true", "CR,PW,true", "CR,EX,false",
        "CW,CW,true", "CW,PR,false", "CW,PW,false", "CW,EX,false",
        "PR,PR,true", "PR,PW,false", "PR,EX,false",
        "PW,PW,false", "PW,EX,false", "EX,EX,false"})
    void matrixIsSymmetricAndMatchesTheDlm(LockMode a, LockMode b, boolean compatible) {
        assertEquals(compatible, a.isCompatibleWith(b));
        assertEquals(compatible, b.isCompatibleWith(a));
    }
}
