package org.feuerbird.hardware.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

/** The host-stream backend: output, backpressure on input, I/O errors, stopping. */
class StreamSerialBackendTest {
    private static final int LSR = 5, LSR_DR = 0x01, LSR_OE = 0x02;

    /** Reads {@code n} bytes as a polling guest would, failing on any overrun. */
    private static byte[] drain(Uart16550 uart, int n) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (got.size() < n && System.nanoTime() < deadline) {
            long lsr = uart.read(LSR, 1);
            assertEquals(0, lsr & LSR_OE, "input was lost");
            if ((lsr & LSR_DR) != 0) got.write((int) uart.read(0, 1)); else Thread.onSpinWait();
        }
        return got.toByteArray();
    }

    @Test
    void inputFasterThanTheGuestReadsIsHeldBackNotLost() {
        byte[] in = new byte[3000];
        for (int i = 0; i < in.length; i++) in[i] = (byte) (i * 7);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StreamSerialBackend backend = new StreamSerialBackend(new ByteArrayInputStream(in), out, "t-reader")) {
            // FIFO off: the UART holds a single byte, so the reader must wait for every one.
            Uart16550 uart = new Uart16550("uart0", IrqLine.NONE, backend);
            assertArrayEquals(in, drain(uart, in.length));
            uart.write(0, 1, 'o');
            uart.write(0, 1, 'k');
            assertEquals("ok", out.toString());
            assertEquals(null, backend.error());
        }
    }

    @Test
    void outputErrorsAreSwallowedAndReported() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("pipe closed");
            }
        };
        try (StreamSerialBackend backend =
                     new StreamSerialBackend(InputStream.nullInputStream(), broken, "t-reader")) {
            Uart16550 uart = new Uart16550("uart0", IrqLine.NONE, backend);
            uart.write(0, 1, 'a');
            uart.write(0, 1, 'b');
            assertInstanceOf(IOException.class, backend.error());
        }
    }

    @Test
    void closeStopsAReaderWaitingForRoom() throws Exception {
        byte[] in = new byte[100];
        StreamSerialBackend backend =
                new StreamSerialBackend(new ByteArrayInputStream(in), OutputStream.nullOutputStream(), "t-reader");
        Uart16550 uart = new Uart16550("uart0", IrqLine.NONE, backend);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while ((uart.read(LSR, 1) & LSR_DR) == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
        backend.close(); // the reader is now parked waiting for the guest to read
        Thread.sleep(200); // let it see the interrupt before room appears (else one byte may race in)
        uart.read(0, 1);
        Thread.sleep(200);
        assertEquals(0, uart.read(LSR, 1) & LSR_DR, "no byte delivered after close");
    }
}
