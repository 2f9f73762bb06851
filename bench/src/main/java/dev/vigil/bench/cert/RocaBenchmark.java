package dev.vigil.bench.cert;

import dev.vigil.jobs.cert.weakkey.DebianWeakKeyBlocklist;
import dev.vigil.jobs.cert.weakkey.RocaFingerprint;
import dev.vigil.jobs.cert.weakkey.WeakKeyFinding;
import dev.vigil.jobs.cert.weakkey.WeakKeyId;
import dev.vigil.jobs.cert.weakkey.WeakKeyInspector;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Weak-key detection per RSA 2048 key, single-threaded: one operation is one key. The target for
 * {@link #roca} is at most 20 µs per key (50,000 keys/s per core).
 *
 * <p>Every call takes the next key of a ring of pre-generated RSA 2048 public keys, so consecutive
 * calls see different moduli. {@code -p keys=ordinary} (the default) builds the ring from two
 * seeded {@code BigInteger.probablePrime(1024)} primes per key, the population a scan meets, where
 * the ROCA test stops at the first residue outside its subgroup; {@code -p keys=roca} builds it from
 * primes of the vulnerable Infineon construction, the worst case, where all 38 primes are tested.
 * Setup checks that every key of the ring gets the expected ROCA verdict.
 *
 * <ul>
 *   <li>{@link #roca}: {@code RocaFingerprint.isVulnerable(modulus)};
 *   <li>{@link #inspect}: {@code WeakKeyInspector.inspect(key)} without a blocklist (Fermat, small
 *       factors, ROCA, exponent, size);
 *   <li>{@link #inspectWithBlocklist}: the same with a Debian blocklist of 200,000 entries (six
 *       {@code openssl-blacklist} files hold about that many), which adds a SHA-1 per key.
 * </ul>
 *
 * <p>Run: {@code java -cp bench/target/vigil-bench.jar org.openjdk.jmh.Main RocaBenchmark}. Ring
 * generation takes some seconds per trial. Public because JMH's generated code must see it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class RocaBenchmark {

    /** {@code ordinary} or {@code roca}: which kind of RSA 2048 moduli fill the ring. */
    @Param({"ordinary", "roca"})
    public String keys;

    /** Keys in the ring. */
    @Param("128")
    public int ringSize;

    private BigInteger[] moduli;
    private PublicKey[] publicKeys;
    private WeakKeyInspector inspector;
    private WeakKeyInspector inspectorWithBlocklist;
    private int cursor;

    /** Builds the ring and the inspectors, and checks the ROCA verdict of every key. */
    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        boolean roca = switch (keys) {
            case "ordinary" -> false;
            case "roca" -> true;
            default -> throw new IllegalArgumentException("keys must be ordinary or roca, not " + keys);
        };
        Random random = new Random(2048L + ringSize + (roca ? 1 : 0));
        KeyFactory factory = KeyFactory.getInstance("RSA");
        moduli = new BigInteger[ringSize];
        publicKeys = new PublicKey[ringSize];
        for (int i = 0; i < ringSize; i++) {
            BigInteger n;
            do {
                n = roca ? rocaPrime(random).multiply(rocaPrime(random))
                        : BigInteger.probablePrime(1024, random).multiply(BigInteger.probablePrime(1024, random));
            } while (n.bitLength() != 2048);
            moduli[i] = n;
            publicKeys[i] = factory.generatePublic(new RSAPublicKeySpec(n, BigInteger.valueOf(65537)));
            if (RocaFingerprint.isVulnerable(n) != roca) {
                throw new IllegalStateException("Key " + i + " of the " + keys + " ring has the wrong ROCA verdict");
            }
        }
        inspector = WeakKeyInspector.create();
        List<String> lines = new ArrayList<>(200_000);
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < 200_000; i++) {
            byte[] entry = new byte[10];
            random.nextBytes(entry);
            lines.add(hex.formatHex(entry));
        }
        inspectorWithBlocklist = WeakKeyInspector.withBlocklist(DebianWeakKeyBlocklist.parse(lines));
        for (PublicKey key : publicKeys) {
            List<WeakKeyFinding> findings = inspectorWithBlocklist.inspect(key);
            List<WeakKeyId> expected = roca ? List.of(WeakKeyId.ROCA) : List.of();
            if (!findings.stream().map(WeakKeyFinding::id).toList().equals(expected)) {
                throw new IllegalStateException("Unexpected findings on the " + keys + " ring: " + findings);
            }
        }
        cursor = 0;
    }

    /**
     * A prime of the vulnerable construction for 2048-bit keys: {@code k·M + (65537^a mod M)}, M the
     * product of the first 126 primes. Shared with the {@code cert} workload.
     */
    public static BigInteger rocaPrime(Random random) {
        BigInteger m = BigInteger.ONE;
        int count = 0;
        for (int p = 2; count < 126; p++) {
            if (BigInteger.valueOf(p).isProbablePrime(30)) {
                m = m.multiply(BigInteger.valueOf(p));
                count++;
            }
        }
        while (true) {
            BigInteger k = new BigInteger(1024 - m.bitLength() + 1, random);
            BigInteger p = k.multiply(m).add(BigInteger.valueOf(65537).modPow(new BigInteger(62, random), m));
            if (p.bitLength() == 1024 && p.isProbablePrime(40)) {
                return p;
            }
        }
    }

    private int next() {
        int i = cursor;
        cursor = i + 1 == moduli.length ? 0 : i + 1;
        return i;
    }

    /** The ROCA fingerprint test alone. */
    @Benchmark
    public boolean roca() {
        return RocaFingerprint.isVulnerable(moduli[next()]);
    }

    /** Every weak-key test of an RSA key, no blocklist. */
    @Benchmark
    public List<WeakKeyFinding> inspect() {
        return inspector.inspect(publicKeys[next()]);
    }

    /** Every weak-key test of an RSA key, with a 200,000-entry Debian blocklist. */
    @Benchmark
    public List<WeakKeyFinding> inspectWithBlocklist() {
        return inspectorWithBlocklist.inspect(publicKeys[next()]);
    }
}
