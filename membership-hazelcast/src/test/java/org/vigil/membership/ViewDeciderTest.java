package org.vigil.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The view decision as a table. Columns: local id; installed view "gen:ids"; what each live
 * node says "id@startedAt/gen:ids" separated by spaces; whether the local node may decide;
 * the expected new view "gen:ids" or "-" for no change.
 */
class ViewDeciderTest {

    @ParameterizedTest(name = "{0}: local {1}, installed {2}, heard [{3}] -> {5}")
    @CsvSource(delimiter = ';', value = {
        "alone at start, nothing to decide        ;1;0:1    ;1@10/0:1                       ;true ;-",
        "second node appears: decider adds it     ;1;0:1    ;1@10/0:1 2@20/0:2              ;true ;1:1,2",
        "members ordered by age, not id           ;1;0:1    ;1@30/0:1 2@20/0:2 3@10/0:3     ;true ;1:3,2,1",
        "settling decider does not act yet        ;1;0:1    ;1@10/0:1 2@20/0:2              ;false;-",
        "non-decider adopts the decider's view    ;2;0:2    ;1@10/1:1,2 2@20/0:2            ;true ;1:1,2",
        "settling non-decider still adopts        ;2;0:2    ;1@10/1:1,2 2@20/0:2            ;false;1:1,2",
        "non-decider waits until it is included   ;3;0:3    ;1@10/4:1,2 2@20/4:1,2 3@30/0:3 ;true ;-",
        "non-decider ignores an older view        ;2;5:1,2,3;1@10/4:1,2 2@20/5:1,2,3        ;true ;-",
        "decider drops a silent node              ;1;4:1,2,3;1@10/4:1,2,3 2@20/4:1,2,3      ;true ;5:1,2",
        "next lowest takes over when decider dies ;2;4:1,2,3;2@20/4:1,2,3 3@30/4:1,2,3      ;true ;5:2,3",
        "new decider numbers above all it heard   ;1;0:1    ;1@50/0:1 2@20/7:2,3 3@30/7:2,3 ;true ;8:2,3,1",
        "stable view: nothing to do               ;1;3:1,2  ;1@10/3:1,2 2@20/3:1,2          ;true ;-",
        "decider re-numbers when a member is ahead;1;3:1,2  ;1@10/3:1,2 2@20/6:1,2          ;true ;7:1,2",
        "lone survivor installs a view of itself  ;3;4:1,2,3;3@30/4:1,2,3                   ;true ;5:3",
        "partition heal: both sides merge         ;1;6:1    ;1@10/6:1 2@20/6:2,3 3@30/6:2,3 ;true ;7:1,2,3",
        "rival view of the same generation        ;1;2:1,2,3;1@10/2:1,2,3 2@20/2:2,3 3@30/2:1,2,3;true ;3:1,2,3",
        "everyone agrees at last: stable          ;1;3:1,2,3;1@10/3:1,2,3 2@20/3:1,2,3 3@30/3:1,2,3;true ;-",
        "a member still on an older view: wait    ;1;3:1,2,3;1@10/3:1,2,3 2@20/2:2,3 3@30/3:1,2,3;true ;-",
    })
    void decides(String scenario, int local, String installed, String heard, boolean mayDecide, String expected) {
        Optional<ViewDecider.Installed> result = ViewDecider.decide(local, parseInstalled(installed.trim()),
            parseHeard(heard.trim()), mayDecide);
        assertEquals(expected.trim(), result.map(ViewDeciderTest::format).orElse("-"), scenario);
    }

    private static ViewDecider.Installed parseInstalled(String text) {
        String[] parts = text.split(":");
        return new ViewDecider.Installed(Long.parseLong(parts[0]), ids(parts[1]));
    }

    private static Map<Integer, ViewDecider.Heard> parseHeard(String text) {
        Map<Integer, ViewDecider.Heard> heard = new HashMap<>();
        for (String entry : text.split("\\s+")) {
            String[] idRest = entry.split("@");
            String[] startRest = idRest[1].split("/");
            ViewDecider.Installed view = parseInstalled(startRest[1]);
            heard.put(Integer.parseInt(idRest[0]), new ViewDecider.Heard(Long.parseLong(startRest[0]), view.generation(), view.members()));
        }
        return heard;
    }

    private static List<Integer> ids(String csv) {
        return Arrays.stream(csv.split(",")).map(Integer::parseInt).toList();
    }

    private static String format(ViewDecider.Installed v) {
        return v.generation() + ":" + String.join(",", v.members().stream().map(String::valueOf).toList());
    }
}
