package io.jrun.core.child;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SyncProtocolTest {
    /** What a failing child writes: the head the program holds for the instruction, then errno. */
    private static byte[] written(int index, int errno) {
        return ByteBuffer.allocate(SyncProtocol.RECORD_SIZE).order(ByteOrder.nativeOrder())
                .put(SyncProtocol.recordHead(index), 0, SyncProtocol.RECORD_HEAD).putInt(errno).array();
    }

    @Test
    void decodesWhatTheChildWrites() {
        assertEquals(new SyncProtocol.Failure(42, 13), SyncProtocol.failure(written(42, 13), 0, SyncProtocol.RECORD_SIZE));
    }

    @Test
    void findsTheRecordAfterTheExecFifoByte() {
        byte[] fifo = new byte[1 + SyncProtocol.RECORD_SIZE];
        fifo[0] = SyncProtocol.STARTED;
        System.arraycopy(written(7, 2), 0, fifo, 1, SyncProtocol.RECORD_SIZE);
        assertEquals(new SyncProtocol.Failure(7, 2), SyncProtocol.failure(fifo, 1, fifo.length));
        assertNull(SyncProtocol.failure(fifo, 0, fifo.length), "a sync byte is no record");
        assertNull(SyncProtocol.failure(new byte[] {SyncProtocol.STARTED}, 1, 1), "nothing after the byte");
    }

    @Test
    void aRecordCutShortHasNoErrno() {
        assertEquals(new SyncProtocol.Failure(3, 0), SyncProtocol.failure(written(3, 13), 0, SyncProtocol.RECORD_HEAD));
    }
}
