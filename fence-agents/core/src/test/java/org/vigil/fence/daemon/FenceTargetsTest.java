package org.vigil.fence.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fencing decision as a table, like Pacemaker's scheduler regression cases. Configured
 * nodes are A B C D; the coordinator is the first member of the current view. Columns: case;
 * previous members; current members; local node; quorate (Q or -); fenced before; pending
 * before; options (startup, clean=X, nomethods=X); then the expected pending, fenced, fenceNow,
 * needAck, rejoined.
 */
class FenceTargetsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        // case                                        ; prev    ; cur     ; local; q; fenced; pending; options        ;| pending; fenced; fenceNow; needAck; rejoined
        "coordinator of a quorate view fences the lost node ; A B C  ; A B     ; A ; Q ;       ;        ;               ; C     ;       ; C     ;    ;   ",
        "a member that is not coordinator only tracks it    ; A B C  ; A B     ; B ; Q ;       ;        ;               ; C     ;       ;       ;    ;   ",
        "no quorum: the lost nodes are tracked, never fenced ; A B C ; A       ; A ; - ;       ;        ;               ; B C   ;       ;       ;    ;   ",
        "no quorum on the minority side of a split          ; A B C D; C D     ; C ; - ;       ;        ;               ; A B   ;       ;       ;    ;   ",
        "two nodes lost at once: both fenced                ; A B C D; A B     ; A ; Q ;       ;        ;               ; C D   ;       ; C D   ;    ;   ",
        "two nodes lost at once, seen by a non-coordinator  ; A B C D; A B     ; B ; Q ;       ;        ;               ; C D   ;       ;       ;    ;   ",
        "coordinator dies mid-fence: next one fences both   ; A B C  ; B C     ; B ; Q ;       ; D      ;               ; A D   ;       ; A D   ;    ;   ",
        "coordinator dies mid-fence, seen by another member ; A B C  ; B C     ; C ; Q ;       ; D      ;               ; A D   ;       ;       ;    ;   ",
        "coordinator dies and quorum goes with it           ; A B    ; B       ; B ; - ;       ; C      ;               ; A C   ;       ;       ;    ;   ",
        "node rejoins before it is fenced: not fenced       ; A B    ; A B C   ; A ; Q ;       ; C      ;               ;       ;       ;       ;    ; C ",
        "node rejoins while another stays pending           ; A B    ; A B C   ; A ; Q ;       ; C D    ;               ; D     ;       ; D     ;    ; C ",
        "a fenced node that rejoins is no longer fenced     ; A B    ; A B C   ; A ; Q ; C     ;        ;               ;       ;       ;       ;    ; C ",
        "a fenced node stays fenced while away              ; A B    ; A B     ; A ; Q ; C     ;        ;               ;       ; C     ;       ;    ;   ",
        "an acknowledged node is not fenced again           ; A B    ; A B     ; A ; Q ; C D   ;        ;               ;       ; C D   ;       ;    ;   ",
        "a member fenced on request then lost stays fenced  ; A B C  ; A B     ; A ; Q ; C     ;        ;               ;       ; C     ;       ;    ;   ",
        "startup fencing: a node that never joined          ; A      ; A B C   ; A ; Q ;       ;        ; startup       ; D     ;       ; D     ;    ;   ",
        "startup check on a non-coordinator does nothing    ; A B    ; A B C   ; B ; Q ;       ;        ; startup       ;       ;       ;       ;    ;   ",
        "startup check without quorum does nothing          ; A      ; A       ; A ; - ;       ;        ; startup       ;       ;       ;       ;    ;   ",
        "startup fencing skips acknowledged nodes           ; A B C  ; A B C   ; A ; Q ; D     ;        ; startup       ;       ; D     ;       ;    ;   ",
        "startup fencing with every node present            ; A B C D; A B C D ; A ; Q ;       ;        ; startup       ;       ;       ;       ;    ;   ",
        "startup fencing of two absent nodes                ; A B    ; A B     ; A ; Q ;       ;        ; startup       ; C D   ;       ; C D   ;    ;   ",
        "node without fence methods: only an ack helps      ; A B C  ; A B     ; A ; Q ;       ;        ; nomethods=C   ; C     ;       ;       ; C  ;   ",
        "node without fence methods seen by a member        ; A B C  ; A B     ; B ; Q ;       ;        ; nomethods=C   ; C     ;       ;       ; C  ;   ",
        "two lost, one without fence methods                ; A B C D; A B     ; A ; Q ;       ;        ; nomethods=D   ; C D   ;       ; C     ; D  ;   ",
        "a clean leave is safe without fencing              ; A B C  ; A B     ; A ; Q ;       ;        ; clean=C       ;       ; C     ;       ;    ;   ",
        "clean leave of one, crash of another               ; A B C D; A B     ; A ; Q ;       ;        ; clean=D       ; C     ; D     ; C     ;    ;   ",
        "quorum regained: the coordinator fences now        ; A B    ; A B     ; A ; Q ;       ; C      ;               ; C     ;       ; C     ;    ;   ",
        "quorum lost while a node is pending                ; A B    ; A       ; A ; - ;       ; C      ;               ; B C   ;       ;       ;    ;   ",
        "nothing lost, nothing to do                        ; A B C  ; A B C   ; A ; Q ;       ;        ;               ;       ;       ;       ;    ;   ",
        "the local node becomes coordinator when A goes     ; A B C D; B C D   ; B ; Q ;       ;        ;               ; A     ;       ; A     ;    ;   ",
        "a pending node lost again is not added twice       ; A B    ; A       ; A ; Q ;       ; C      ;               ; B C   ;       ; B C   ;    ;   ",
        "fenced and pending (state learnt before the outcome): not fenced again ; A B ; A B ; A ; Q ; C ; C ;     ;       ; C     ;       ;    ;   ",
        "fenced and pending, seen by a member               ; A B C  ; A B     ; B ; Q ; C     ; C      ;               ;       ; C     ;       ;    ;   ",
        "fenced, rejoined, lost again: fenced again         ; A B C  ; A B     ; A ; Q ;       ;        ;               ; C     ;       ; C     ;    ;   ",
    })
    void decides(String name, String previous, String current, String local, String quorate, String fenced,
                 String pending, String options, String expPending, String expFenced, String expFenceNow,
                 String expNeedAck, String expRejoined) {
        Set<String> opts = set(options);
        Set<String> clean = opts.stream().filter(o -> o.startsWith("clean=")).map(o -> o.substring(6)).collect(Collectors.toSet());
        Set<String> noMethods = opts.stream().filter(o -> o.startsWith("nomethods=")).map(o -> o.substring(10))
            .collect(Collectors.toSet());
        List<String> cur = list(current);
        FenceTargets.Decision d = FenceTargets.decide(new FenceTargets.Input(set(previous), new LinkedHashSet<>(cur),
            cur.get(0), local.strip(), quorate.strip().equals("Q"), Set.of("A", "B", "C", "D"), noMethods, set(fenced),
            set(pending), clean, opts.contains("startup")));
        assertEquals(set(expPending), d.pending(), name + ": pending");
        assertEquals(set(expFenced), d.fenced(), name + ": fenced");
        assertEquals(set(expFenceNow), d.fenceNow(), name + ": fence now");
        assertEquals(set(expNeedAck), d.needAck(), name + ": need ack");
        assertEquals(set(expRejoined), d.rejoined(), name + ": rejoined");
        if (d.fenceNow().isEmpty() && !d.pending().isEmpty() && d.needAck().size() < d.pending().size()) {
            assertEquals(false, d.why().isEmpty(), name + ": says why it does not fence");
        }
    }

    private static List<String> list(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.stream(s.strip().split("\\s+")).toList();
    }

    private static Set<String> set(String s) {
        return new TreeSet<>(list(s));
    }
}
