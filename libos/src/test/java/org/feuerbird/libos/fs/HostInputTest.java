package org.feuerbird.libos.fs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The host input's blocking view, as a console UART's backend reads it across reboots. */
class HostInputTest {
    @Test
    void aStreamWaitsForBytesAndAClosedOneLeavesThemToTheNext() throws Exception {
        PipedOutputStream keys = new PipedOutputStream();
        HostInput input = new HostInput(new PipedInputStream(keys), () -> {});
        InputStream first = input.stream();
        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return first.read();
            } catch (java.io.IOException e) {
                return -2;
            }
        });
        keys.write('a');
        keys.flush();
        assertEquals('a', waiting.get(30, TimeUnit.SECONDS));
        CompletableFuture<Integer> cut = CompletableFuture.supplyAsync(() -> {
            try {
                return first.read();
            } catch (java.io.IOException e) {
                return -2;
            }
        });
        first.close();
        assertEquals(-1, cut.get(30, TimeUnit.SECONDS), "closing the view ends its waiting read");
        keys.write("bc".getBytes());
        keys.close();
        InputStream second = input.stream();
        assertArrayEquals("bc".getBytes(), second.readAllBytes(), "the next view gets what came after, then the end");
    }
}
