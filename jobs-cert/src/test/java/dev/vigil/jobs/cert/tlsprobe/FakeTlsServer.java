package dev.vigil.jobs.cert.tlsprobe;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A TLS server on loopback that speaks just enough TLS, by hand and independently of the code under
 * test, to play a vulnerable or patched server. One thread per connection; {@link #close()} ends them
 * all. What the probe sent is published through futures, so tests wait on those, never on time.
 */
final class FakeTlsServer implements AutoCloseable {
    /** What the server does with one connection. */
    @FunctionalInterface
    interface Behaviour {
        void serve(Peer peer) throws IOException, InterruptedException;
    }

    /** A TLS record as the fake server reads it. */
    record Record(int type, int version, byte[] fragment) {
    }

    /** The fields of a ClientHello the tests look at. */
    record Hello(int recordVersion, int clientVersion, List<Integer> cipherSuites, List<Integer> extensionTypes,
                 byte[] heartbeatExtension, String serverName) {
        static Hello parse(Record record) throws IOException {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(record.fragment()));
            if (record.type() != 22 || in.readUnsignedByte() != 1) {
                throw new IOException("not a ClientHello");
            }
            int length = (in.readUnsignedByte() << 16) | in.readUnsignedShort();
            if (length != record.fragment().length - 4) {
                throw new IOException("ClientHello length " + length + " does not match its record");
            }
            int clientVersion = in.readUnsignedShort();
            in.skipNBytes(32);
            in.skipNBytes(in.readUnsignedByte());
            List<Integer> suites = new ArrayList<>();
            int suitesLength = in.readUnsignedShort();
            for (int i = 0; i < suitesLength; i += 2) {
                suites.add(in.readUnsignedShort());
            }
            in.skipNBytes(in.readUnsignedByte());
            List<Integer> types = new ArrayList<>();
            byte[] heartbeat = null;
            String serverName = null;
            if (in.available() > 0) {
                int end = in.readUnsignedShort();
                if (end != in.available()) {
                    throw new IOException("extensions length " + end + " does not match the rest of the hello");
                }
                while (in.available() > 0) {
                    int type = in.readUnsignedShort();
                    byte[] data = in.readNBytes(in.readUnsignedShort());
                    types.add(type);
                    if (type == 15) {
                        heartbeat = data;
                    }
                    if (type == 0) {
                        serverName = new String(data, 5, data.length - 5, java.nio.charset.StandardCharsets.US_ASCII);
                    }
                }
            }
            return new Hello(record.version(), clientVersion, List.copyOf(suites), List.copyOf(types), heartbeat,
                    serverName);
        }
    }

    /** One accepted connection. */
    final class Peer {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        Socket socket() {
            return socket;
        }

        FakeTlsServer server() {
            return FakeTlsServer.this;
        }

        /** Sends the messages as one handshake stream cut into records of at most {@code recordSize} bytes. */
        void sendFlight(int version, int recordSize, byte[]... messages) throws IOException {
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            for (byte[] message : messages) {
                stream.writeBytes(message);
            }
            byte[] all = stream.toByteArray();
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            for (int i = 0; i < all.length; i += recordSize) {
                int n = Math.min(recordSize, all.length - i);
                wire.write(22);
                u16(wire, version);
                u16(wire, n);
                wire.write(all, i, n);
            }
            write(wire.toByteArray());
        }

        /** @return the next record, or null at the end of the stream */
        Record readRecord() throws IOException {
            int type = in.read();
            if (type < 0) {
                return null;
            }
            int version = in.readUnsignedShort();
            byte[] fragment = new byte[in.readUnsignedShort()];
            in.readFully(fragment);
            return new Record(type, version, fragment);
        }

        Hello readClientHello() throws IOException {
            Hello hello = Hello.parse(readRecord());
            clientHello.complete(hello);
            return hello;
        }

        void send(int type, int version, byte[] fragment) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(type);
            u16(b, version);
            u16(b, fragment.length);
            b.writeBytes(fragment);
            write(b.toByteArray());
        }

        void sendHandshake(int version, int messageType, byte[] body) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(messageType);
            b.write(body.length >>> 16);
            u16(b, body.length);
            b.writeBytes(body);
            send(22, version, b.toByteArray());
        }

        void sendAlert(int version, int description) throws IOException {
            send(21, version, new byte[] {2, (byte) description});
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Reads and drops records until the client closes the connection. */
        void drainUntilClosed() throws IOException {
            while (readRecord() != null) {
                // nothing to answer
            }
        }

        /** Waits, without reading or writing, until the server closes. */
        void hang() throws InterruptedException {
            stopped.await();
        }
    }

    private final ServerSocket serverSocket;
    private final Behaviour behaviour;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    final CompletableFuture<Hello> clientHello = new CompletableFuture<>();
    final CompletableFuture<Record> heartbeatRequest = new CompletableFuture<>();
    /** Payloads the server sent back in heartbeat responses. */
    final List<byte[]> echoed = new CopyOnWriteArrayList<>();
    /** Failures of the server's own threads other than the client going away; a test may assert it empty. */
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    private FakeTlsServer(ServerSocket serverSocket, Behaviour behaviour) {
        this.serverSocket = serverSocket;
        this.behaviour = behaviour;
        threads.execute(this::acceptLoop);
    }

    static FakeTlsServer start(Behaviour behaviour) throws IOException {
        return new FakeTlsServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), behaviour);
    }

    /** Serves connections accepted by {@code serverSocket}, e.g. a JSSE {@code SSLServerSocket}. */
    static FakeTlsServer start(ServerSocket serverSocket, Behaviour behaviour) {
        return new FakeTlsServer(serverSocket, behaviour);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), serverSocket.getLocalPort());
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                sockets.add(socket);
                try {
                    threads.execute(() -> serve(socket));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    socket.close();
                    return;
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            behaviour.serve(new Peer(socket));
        } catch (EOFException | SocketException e) {
            // the client went away or the server is closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            failures.add(e);
        }
    }

    @Override
    public void close() throws IOException {
        stopped.countDown();
        serverSocket.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("fake TLS server threads did not end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the fake TLS server", e);
        }
    }

    static void u16(ByteArrayOutputStream b, int value) {
        b.write(value >>> 8);
        b.write(value);
    }

    /** @return a handshake message: type, 3-byte length, body */
    static byte[] handshake(int type, byte[] body) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(type);
        b.write(body.length >>> 16);
        u16(b, body.length);
        b.writeBytes(body);
        return b.toByteArray();
    }

    /** @return a ServerHello body */
    static byte[] serverHello(int version, int suite, byte[]... extensions) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        u16(b, version);
        b.writeBytes(new byte[32]);
        b.write(0);
        u16(b, suite);
        b.write(0);
        if (extensions.length > 0) {
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            for (byte[] extension : extensions) {
                e.writeBytes(extension);
            }
            u16(b, e.size());
            b.writeBytes(e.toByteArray());
        }
        return b.toByteArray();
    }

    static byte[] extension(int type, byte... data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        u16(b, type);
        u16(b, data.length);
        b.writeBytes(data);
        return b.toByteArray();
    }

    /** @return a Certificate message body holding one certificate */
    static byte[] certificateMessage(byte[] der) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int list = der.length + 3;
        b.write(list >>> 16);
        u16(b, list);
        b.write(der.length >>> 16);
        u16(b, der.length);
        b.writeBytes(der);
        return b.toByteArray();
    }
}
