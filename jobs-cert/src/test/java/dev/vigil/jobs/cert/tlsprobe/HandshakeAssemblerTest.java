package dev.vigil.jobs.cert.tlsprobe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeAssemblerTest {
    @Test
    void messageSpanningRecordsIsCompletedByTheLastOne() {
        byte[] certificate = new HandshakeMessage(11, new byte[300]).encode();
        HandshakeAssembler assembler = new HandshakeAssembler();

        assertThat(assembler.add(Arrays.copyOfRange(certificate, 0, 2))).isEmpty();
        assertThat(assembler.add(Arrays.copyOfRange(certificate, 2, 200))).isEmpty();
        assertThat(assembler.hasPartialMessage()).isTrue();
        List<HandshakeMessage> done = assembler.add(Arrays.copyOfRange(certificate, 200, certificate.length));

        assertThat(done).singleElement().satisfies(m -> {
            assertThat(m.type()).isEqualTo(11);
            assertThat(m.body()).hasSize(300);
        });
        assertThat(assembler.hasPartialMessage()).isFalse();
    }

    @Test
    void recordHoldingSeveralMessagesGivesThemInOrder() {
        byte[] hello = new HandshakeMessage(2, new byte[40]).encode();
        byte[] done = new HandshakeMessage(14, new byte[0]).encode();
        byte[] next = new HandshakeMessage(11, new byte[10]).encode();
        byte[] record = new WireWriter().bytes(hello).bytes(done).bytes(Arrays.copyOf(next, 5)).toByteArray();
        HandshakeAssembler assembler = new HandshakeAssembler();

        assertThat(assembler.add(record)).extracting(HandshakeMessage::type).containsExactly(2, 14);
        assertThat(assembler.hasPartialMessage()).isTrue();
        assertThat(assembler.add(Arrays.copyOfRange(next, 5, next.length))).extracting(HandshakeMessage::type)
                .containsExactly(11);
    }
}
