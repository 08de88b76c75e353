package org.feuerbird.kernel.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bindings' primitive map agrees with java.util.HashMap under random puts and removes. */
class LongMapTest {
    @Test
    void randomOperationsMatchAHashMap() {
        for (int seed = 0; seed < 20; seed++) {
            Random r = new Random(seed);
            LongMap<String> mine = new LongMap<>();
            Map<Long, String> ref = new HashMap<>();
            // A small key range forces collisions, long probe runs and deletions inside them.
            int range = 1 + r.nextInt(300);
            for (int op = 0; op < 20_000; op++) {
                long key = r.nextInt(range) * (r.nextBoolean() ? 1L : 512L);
                switch (r.nextInt(3)) {
                    case 0 -> assertEquals(ref.put(key, "v" + op), mine.put(key, "v" + op));
                    case 1 -> assertEquals(ref.remove(key), mine.remove(key), "remove " + key);
                    default -> assertEquals(ref.get(key), mine.get(key), "get " + key);
                }
                assertEquals(ref.size(), mine.size());
            }
            for (Map.Entry<Long, String> e : ref.entrySet()) assertEquals(e.getValue(), mine.get(e.getKey()));
            assertEquals(ref.size(), mine.values().size());
        }
    }
}
