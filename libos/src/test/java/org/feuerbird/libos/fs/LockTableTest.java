package org.feuerbird.libos.fs;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Record-lock rules between two owners (processes), which one guest process cannot show without fork. */
class LockTableTest {
    final LockTable t = new LockTable();
    final Object file = "inode", a = new Object(), b = new Object();

    @Test
    void readLocksShareWriteLocksExclude() {
        t.set(file, a, LockTable.F_RDLCK, 0, 10, 1);
        assertNull(t.conflict(file, b, LockTable.F_RDLCK, 5, 15));
        assertNotNull(t.conflict(file, b, LockTable.F_WRLCK, 5, 15));
        assertNull(t.conflict(file, b, LockTable.F_WRLCK, 10, 20), "ranges are half-open");
        assertNull(t.conflict(file, a, LockTable.F_WRLCK, 0, 10), "an owner never conflicts with itself");
    }

    @Test
    void unlockingTheMiddleSplitsALock() {
        t.set(file, a, LockTable.F_WRLCK, 0, 30, 1);
        t.set(file, a, LockTable.F_UNLCK, 10, 20, 1);
        assertNull(t.conflict(file, b, LockTable.F_WRLCK, 10, 20));
        assertNotNull(t.conflict(file, b, LockTable.F_WRLCK, 5, 11));
        assertNotNull(t.conflict(file, b, LockTable.F_WRLCK, 19, 25));
    }

    @Test
    void closingReleasesAndWakesWaiters() {
        t.set(file, a, LockTable.F_WRLCK, 0, Long.MAX_VALUE, 1);
        boolean[] woken = {false};
        t.waiters.add(() -> woken[0] = true);
        t.releaseAll(file, a);
        assertTrue(woken[0]);
        assertNull(t.conflict(file, b, LockTable.F_WRLCK, 0, Long.MAX_VALUE));
    }

    @Test
    void downgradeReplacesTheOwnersLock() {
        t.set(file, a, LockTable.F_WRLCK, 0, 10, 1);
        t.set(file, a, LockTable.F_RDLCK, 0, 10, 1);
        assertNull(t.conflict(file, b, LockTable.F_RDLCK, 0, 10));
        assertNotNull(t.conflict(file, b, LockTable.F_WRLCK, 0, 10));
    }
}
