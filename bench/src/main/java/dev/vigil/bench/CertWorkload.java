package dev.vigil.bench;

import dev.vigil.bench.cert.CrlDer;
import dev.vigil.bench.cert.RocaBenchmark;
import dev.vigil.jobs.cert.OfflineCertificateCheck;
import dev.vigil.jobs.cert.OfflineCheckResult;
import dev.vigil.jobs.cert.chain.CaIssuersCache;
import dev.vigil.jobs.cert.chain.ChainValidator;
import dev.vigil.jobs.cert.crl.CrlIndex;
import dev.vigil.jobs.cert.crl.OfflineCrls;
import dev.vigil.jobs.cert.crl.RevocationStatus;
import dev.vigil.jobs.cert.ct.CtChecker;
import dev.vigil.jobs.cert.ct.CtLogList;
import dev.vigil.jobs.cert.lint.Linter;
import dev.vigil.jobs.cert.weakkey.RocaFingerprint;
import dev.vigil.jobs.cert.weakkey.WeakKeyInspector;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Workload (5), the certificate engines of {@code jobs-cert}:
 *
 * <ol type="a">
 *   <li>the offline check set ({@link OfflineCertificateCheck}: expiry, weak key, lints, chain, CRL
 *       revocation, CT policy) over certificates streamed from a fake inventory that hands out DER, parsed
 *       for each entry with the JDK's {@code CertificateFactory}, on every core: certificates per second,
 *       the live and peak heap after a tenth of the stream and after all of it, and where the time of one
 *       check goes, engine by engine;
 *   <li>the ROCA fingerprint test per RSA 2048 modulus, one thread;
 *   <li>a large CRL: read, verified and indexed ({@link CrlIndex#parse}), then one check per
 *       certificate through the path the offline check uses ({@link OfflineCrls#status}), beside
 *       BouncyCastle's {@code X509CRLHolder} (parse, then {@code getRevokedCertificate}, a linear scan).
 * </ol>
 *
 * <p>The inventory is a pool of distinct certificates generated once with BouncyCastle — RSA 2048 and
 * 3072, EC P-256 and P-384, Ed25519, a short RSA key and a ROCA key; issued by an RSA and an EC
 * intermediate under one root; validity periods that make some expired, some expiring and some break
 * the CA/B Forum limits; a CRL distribution point; one in twenty revoked — cycled through in order. The
 * pool is larger than the JDK's cache of parsed certificates (750 encodings), so every entry is parsed.
 * Each entry comes with its intermediate, as an inventory stores the chain. The pool's certificates
 * embed no SCTs (a private PKI's do not): CT compliance is judged, without SCT signatures to verify.
 */
final class CertWorkload {
    static final double TARGET_CHECKS_PER_SECOND = 20_000;
    static final double TARGET_ROCA_PER_SECOND = 50_000;
    static final double TARGET_INDEX_SECONDS_PER_MILLION = 2;
    static final double TARGET_CHECK_MICROS = 2;
    /** Live heap may grow this much from a tenth of the stream to all of it (noise, JIT, class data). */
    static final long HEAP_GROWTH_ALLOWED = 16L * 1024 * 1024;

    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant AT = Instant.parse("2026-02-01T00:00:00Z");
    private static final String CRL_URL = "http://crl.bench.test/";

    private final BenchOptions options;
    private final Report report;
    private final SecureRandom random = new SecureRandom();

    CertWorkload(BenchOptions options, Report report) {
        this.options = options;
        this.report = report;
    }

    void run() throws Exception {
        boolean quick = options.quick();
        offlineChecks(quick ? 50_000 : 1_000_000, quick ? 1_200 : 4_000, quick);
        roca(quick);
        crl(quick ? 100_000 : 1_000_000);
    }

    // ---------------------------------------------------------------- (a) offline checks

    /** One issuer: its certificate and key. */
    private record Ca(X509Certificate certificate, KeyPair keys) {
    }

    /** The fake inventory: the DER of each leaf and the chain stored with it. */
    private record Inventory(byte[][] der, List<List<X509Certificate>> chains, OfflineCertificateCheck check,
            int revoked, X509Certificate root, Map<String, byte[]> crls, String logList) {
    }

    private void offlineChecks(int total, int poolSize, boolean quick) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        int checkpoint = total / 10;
        report.heading("(5a) Offline certificate checks: " + Report.count(total)
                + " DER certificates from a fake inventory, " + threads + " threads");
        long setupStart = System.nanoTime();
        Inventory inventory = inventory(poolSize, quick ? 4 : 10);
        report.note("Pool: %s distinct leaves (%s revoked on their CA's CRL), generated in %.1f s; checked at %s with",
                Report.count(poolSize), Report.count(inventory.revoked()),
                Timed.seconds(System.nanoTime() - setupStart), AT);
        report.note("1 trust anchor, 2 CRLs (one per intermediate), a 1-log CT list. Per entry: CertificateFactory"
                + " parse + check(leaf, chain).");

        Map<String, Long> tally = new ConcurrentHashMap<>();
        // Warm-up, not measured: every pool entry once (this also verifies each CRL with the intermediate of a
        // chain), and twice as many entries as the first segment, so that the JIT compilers, which on two cores
        // take turns with the checks, have finished (without a warm-up the first 100,000 ran at half the rate;
        // after one of 100,000, at 92 % of the rest).
        long warmUp = Math.max(poolSize, 2L * checkpoint);
        long warmUpTime = stream(inventory, 0, warmUp, threads, tally);
        report.note("Warm-up, not measured: %s checks at %s/s.", Report.count(warmUp),
                Report.fixed(Timed.perSecond(warmUp, warmUpTime), 0));
        if (!inventory.check().unverifiedCrls().isEmpty()) {
            throw new IllegalStateException("CRLs not verified after the warm-up: " + inventory.check().unverifiedCrls());
        }
        tally.clear();

        long heapBefore = Heap.usedAfterGc();
        resetPeaks();
        long first = stream(inventory, 0, checkpoint, threads, tally);
        long peakFirst = peakHeap();
        long heapFirst = Heap.usedAfterGc();
        resetPeaks();
        long rest = stream(inventory, checkpoint, total, threads, tally);
        long peakAll = peakHeap();
        long heapAll = Heap.usedAfterGc();

        double rate = Timed.perSecond(total, first + rest);
        Table table = new Table("Offline check set, DER parse included (" + threads + " threads)",
                "after", "certificates/s", "live heap after GC", "peak heap in segment");
        table.row(Report.count(checkpoint), Report.fixed(Timed.perSecond(checkpoint, first), 0),
                Report.bytes(heapFirst), Report.bytes(peakFirst));
        table.row(Report.count(total), Report.fixed(Timed.perSecond(total - checkpoint, rest), 0),
                Report.bytes(heapAll), Report.bytes(peakAll));
        report.print(table);
        report.note("Live heap before the stream: %s. Outcomes over the stream: %s", Report.bytes(heapBefore),
                new TreeMap<>(tally));
        breakdown(inventory);
        report.target("cert.offline-checks.rate", Report.fixed(rate, 0) + "/s",
                ">=" + Report.fixed(TARGET_CHECKS_PER_SECOND, 0) + "/s", rate >= TARGET_CHECKS_PER_SECOND);
        long growth = heapAll - heapFirst;
        report.target("cert.offline-checks.heap-growth-" + shortCount(checkpoint) + "-to-" + shortCount(total),
                Report.bytes(Math.max(0, growth)).replace(" ", ""), "<=" + Report.bytes(HEAP_GROWTH_ALLOWED).replace(" ", ""),
                growth <= HEAP_GROWTH_ALLOWED);
    }

    /**
     * Prints where the time of one check goes: each engine alone over the pool, one thread, the
     * certificates parsed beforehand (except in the parse row).
     */
    private void breakdown(Inventory inventory) throws Exception {
        int n = inventory.der().length;
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        X509Certificate[] leaves = new X509Certificate[n];
        for (int i = 0; i < n; i++) {
            leaves[i] = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(inventory.der()[i]));
        }
        Linter linter = Linter.baseline();
        WeakKeyInspector inspector = WeakKeyInspector.create();
        ChainValidator validator = ChainValidator.builder(List.of(inventory.root())).build();
        CaIssuersCache cache = CaIssuersCache.create();
        OfflineCrls crls = OfflineCrls.read(inventory.crls(), List.of(inventory.root()));
        CtChecker ct = new CtChecker(CtLogList.parse(inventory.logList()));
        long warmUp = options.quick() ? 300 : 2_000;
        long window = options.quick() ? 700 : 3_000;
        Table table = new Table("Where the time goes: each part alone, 1 thread, over the pool", "part", "µs/certificate");
        table.row("CertificateFactory.generateCertificate (DER parse)", micros(i -> {
            try {
                return factory.generateCertificate(new ByteArrayInputStream(inventory.der()[i % n])).hashCode();
            } catch (CertificateException e) {
                throw new IllegalStateException(e);
            }
        }, warmUp, window));
        table.row("Linter.lint (CA/B Forum rules)", micros(i -> linter.lint(leaves[i % n]).size(), warmUp, window));
        table.row("WeakKeyInspector.inspect", micros(i -> inspector.inspect(leaves[i % n].getPublicKey()).size(),
                warmUp, window));
        table.row("ChainValidator.validate (signatures + Vigil's checks)", micros(i -> validator.validate(leaves[i % n],
                inventory.chains().get(i % n), AT, cache).problems().size(), warmUp, window));
        table.row("OfflineCrls.status", micros(i -> crls.status(leaves[i % n], inventory.chains().get(i % n), AT)
                .state().ordinal(), warmUp, window));
        table.row("CtChecker.check (no SCTs embedded)", micros(i -> ct.check(leaves[i % n],
                inventory.chains().get(i % n).get(0), AT).reasons().size(), warmUp, window));
        table.row("OfflineCertificateCheck.check (all of the above but the parse)", micros(i -> inventory.check()
                .check(leaves[i % n], inventory.chains().get(i % n)).notes().size(), warmUp, window));
        report.print(table);
    }

    private static String micros(IntUnaryOperator op, long warmUpMillis, long windowMillis) {
        return Report.fixed(1e6 / rate(op, warmUpMillis, windowMillis), 1);
    }

    private static String shortCount(long n) {
        return n >= 1_000_000 && n % 1_000_000 == 0 ? n / 1_000_000 + "M" : n / 1_000 + "k";
    }

    /** Checks entries [from, to) of the endless inventory on {@code threads} threads; @return the nanoseconds taken. */
    private static long stream(Inventory inventory, long from, long to, int threads, Map<String, Long> tally)
            throws Exception {
        AtomicLong next = new AtomicLong(from);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<Map<String, Long>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    CertificateFactory factory = CertificateFactory.getInstance("X.509");
                    Map<String, Long> counts = new TreeMap<>();
                    int n = inventory.der().length;
                    for (long i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                        int entry = (int) (i % n);
                        X509Certificate leaf = (X509Certificate) factory.generateCertificate(
                                new ByteArrayInputStream(inventory.der()[entry]));
                        OfflineCheckResult r = inventory.check().check(leaf, inventory.chains().get(entry));
                        counts.merge("expiry=" + r.expiryStatus(), 1L, Long::sum);
                        counts.merge("chain=" + r.chain(), 1L, Long::sum);
                        counts.merge("revocation=" + r.revocation(), 1L, Long::sum);
                        if (r.weakKey().isPresent()) {
                            counts.merge("weakKey=" + r.weakKey().get(), 1L, Long::sum);
                        }
                    }
                    return counts;
                }));
            }
            for (Future<Map<String, Long>> f : futures) {
                f.get().forEach((k, v) -> tally.merge(k, v, Long::sum));
            }
            return System.nanoTime() - start;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    /** @return the sum of the heap pools' peaks since the last reset (an upper bound of the peak heap) */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private Inventory inventory(int poolSize, int keysPerType) throws Exception {
        KeyPair rootKeys = keys("RSA", 2048);
        X509Certificate root = ca("CN=Bench Root", rootKeys, null, rootKeys);
        KeyPair rsaCaKeys = keys("RSA", 2048);
        KeyPair ecCaKeys = keys("EC", 256);
        Ca rsaCa = new Ca(ca("CN=Bench Issuing CA R1", rsaCaKeys, root, rootKeys), rsaCaKeys);
        Ca ecCa = new Ca(ca("CN=Bench Issuing CA E1", ecCaKeys, root, rootKeys), ecCaKeys);

        List<KeyPair> leafKeys = new ArrayList<>();
        for (int i = 0; i < keysPerType; i++) {
            leafKeys.add(keys("RSA", 2048));
            leafKeys.add(keys("EC", 256));
        }
        for (int i = 0; i < 3; i++) {
            leafKeys.add(keys("EC", 384));
            leafKeys.add(keys("Ed25519", 0));
        }
        leafKeys.add(keys("RSA", 3072));
        leafKeys.add(keys("RSA", 1024));
        leafKeys.add(rocaKeys());

        byte[][] der = new byte[poolSize][];
        List<List<X509Certificate>> chains = new ArrayList<>(poolSize);
        List<BigInteger> revokedByRsa = new ArrayList<>();
        List<BigInteger> revokedByEc = new ArrayList<>();
        int[] lifetimes = {90, 200, 398, 825};
        for (int i = 0; i < poolSize; i++) {
            Ca issuer = i % 2 == 0 ? rsaCa : ecCa;
            BigInteger serial = new BigInteger(127, random).setBit(126);
            // notBefore spread over the year before AT: some expired, some expiring, most valid
            Instant notBefore = BASE.minus(Duration.ofDays(i % 365)).plusSeconds(i);
            int days = lifetimes[i % lifetimes.length];
            der[i] = leaf(issuer, leafKeys.get(i % leafKeys.size()), serial, i, notBefore, notBefore.plus(Duration.ofDays(days)))
                    .getEncoded();
            chains.add(List.of(issuer.certificate()));
            if (i % 20 == 7) {
                (issuer == rsaCa ? revokedByRsa : revokedByEc).add(serial);
            }
        }
        Map<String, byte[]> crls = new LinkedHashMap<>();
        crls.put("r1.crl", crlWithOthers(rsaCa, revokedByRsa, 20_000));
        crls.put("e1.crl", crlWithOthers(ecCa, revokedByEc, 20_000));
        String logList = logList();
        OfflineCertificateCheck.Builder builder = OfflineCertificateCheck.builder(AT).trustAnchors(List.of(root))
                .ctLogList(logList);
        crls.forEach(builder::crl);
        return new Inventory(der, chains, builder.build(), revokedByRsa.size() + revokedByEc.size(), root, crls,
                logList);
    }

    /** @return a CRL listing {@code revoked} among {@code others} random serials of certificates not in the pool */
    private byte[] crlWithOthers(Ca ca, List<BigInteger> revoked, int others) throws Exception {
        List<BigInteger> serials = new ArrayList<>(revoked);
        for (int i = 0; i < others; i++) {
            serials.add(new BigInteger(127, random).setBit(126));
        }
        Collections.shuffle(serials, random);
        return CrlDer.write(ca.certificate(), ca.keys().getPrivate(), serials.toArray(BigInteger[]::new),
                AT.minus(Duration.ofDays(1)));
    }

    private String logList() throws Exception {
        PublicKey key = keys("EC", 256).getPublic();
        String logId = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        return "{\"version\": \"1\", \"operators\": [{\"name\": \"Bench Operator\", \"email\": [], \"logs\": ["
                + "{\"description\": \"Bench Log\", \"log_id\": \"" + logId + "\", \"key\": \""
                + Base64.getEncoder().encodeToString(key.getEncoded()) + "\", \"url\": \"https://ct.bench.test/\","
                + " \"mmd\": 86400, \"state\": {\"usable\": {\"timestamp\": \"2025-01-01T00:00:00Z\"}}}]}]}";
    }

    private KeyPair keys(String algorithm, int size) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        if (algorithm.equals("EC")) {
            g.initialize(new ECGenParameterSpec(size == 384 ? "secp384r1" : "secp256r1"), random);
        } else if (size > 0) {
            g.initialize(size, random);
        }
        return g.generateKeyPair();
    }

    /** @return a key pair whose public half is a ROCA-vulnerable RSA 2048 key; the private half is unrelated */
    private KeyPair rocaKeys() throws Exception {
        Random seeded = new Random(2017);
        BigInteger n;
        do {
            n = RocaBenchmark.rocaPrime(seeded).multiply(RocaBenchmark.rocaPrime(seeded));
        } while (n.bitLength() != 2048);
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, BigInteger.valueOf(65537)));
        return new KeyPair(key, keys("RSA", 1024).getPrivate());
    }

    private static X509Certificate ca(String subject, KeyPair keys, X509Certificate issuer, KeyPair issuerKeys)
            throws Exception {
        X500Name name = new X500Name(subject);
        X500Name issuerName = issuer == null ? name : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(subject.hashCode() & 0x7fffffff),
                Date.from(BASE.minus(Duration.ofDays(3650))), Date.from(BASE.plus(Duration.ofDays(3650))), name,
                keys.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        if (issuer != null) {
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer));
        }
        return new JcaX509CertificateConverter().getCertificate(b.build(signer(issuerKeys)));
    }

    private static X509Certificate leaf(Ca issuer, KeyPair keys, BigInteger serial, int i, Instant notBefore,
            Instant notAfter) throws Exception {
        String host = "host-" + i + ".bench.test";
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer.certificate(), serial,
                Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + host + ", O=Bench, C=DE"),
                keys.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer.certificate()));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        if (i % 50 != 3) { // a few without subjectAltName
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, host), new GeneralName(GeneralName.dNSName, "www." + host)}));
        }
        b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
            new DistributionPoint(new DistributionPointName(new GeneralNames(new GeneralName(
                    GeneralName.uniformResourceIdentifier, CRL_URL + issuer.keys().getPublic().getAlgorithm() + ".crl"))),
                    null, null)}));
        return new JcaX509CertificateConverter().getCertificate(b.build(signer(issuer.keys())));
    }

    private static ContentSigner signer(KeyPair keys) throws Exception {
        String algorithm = keys.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaContentSignerBuilder(algorithm).build(keys.getPrivate());
    }

    // ---------------------------------------------------------------- (b) ROCA

    private void roca(boolean quick) throws Exception {
        int ringSize = quick ? 8 : 64;
        report.heading("(5b) ROCA fingerprint test per RSA 2048 modulus, 1 thread");
        Random seeded = new Random(2048);
        BigInteger[] ordinary = new BigInteger[ringSize];
        for (int i = 0; i < ringSize; i++) {
            ordinary[i] = BigInteger.probablePrime(1024, seeded).multiply(BigInteger.probablePrime(1024, seeded));
        }
        BigInteger[] vulnerable = new BigInteger[quick ? 2 : 16];
        for (int i = 0; i < vulnerable.length; i++) {
            vulnerable[i] = RocaBenchmark.rocaPrime(seeded).multiply(RocaBenchmark.rocaPrime(seeded));
        }
        for (BigInteger n : ordinary) {
            if (RocaFingerprint.isVulnerable(n)) {
                throw new IllegalStateException("an ordinary modulus has the ROCA fingerprint");
            }
        }
        for (BigInteger n : vulnerable) {
            if (!RocaFingerprint.isVulnerable(n)) {
                throw new IllegalStateException("a ROCA modulus was not recognised");
            }
        }
        PublicKey[] keys = new PublicKey[ringSize];
        KeyFactory factory = KeyFactory.getInstance("RSA");
        for (int i = 0; i < ringSize; i++) {
            keys[i] = factory.generatePublic(new RSAPublicKeySpec(ordinary[i], BigInteger.valueOf(65537)));
        }
        long warmUp = quick ? 500 : 3_000;
        long window = quick ? 1_000 : 5_000;
        double ordinaryRate = rate(ordinary, warmUp, window);
        double rocaRate = rate(vulnerable, warmUp, window);
        WeakKeyInspector inspector = WeakKeyInspector.create();
        double inspectRate = rate(i -> inspector.inspect(keys[i % keys.length]).size(), warmUp, window);
        Table table = new Table("Weak-key tests per RSA 2048 key, one thread", "test", "keys/s", "ns/key");
        table.row("RocaFingerprint.isVulnerable, ordinary moduli (" + ringSize + ")", Report.fixed(ordinaryRate, 0),
                Report.fixed(1e9 / ordinaryRate, 0));
        table.row("RocaFingerprint.isVulnerable, ROCA moduli (" + vulnerable.length + ")", Report.fixed(rocaRate, 0),
                Report.fixed(1e9 / rocaRate, 0));
        table.row("WeakKeyInspector.inspect, every test, ordinary keys", Report.fixed(inspectRate, 0),
                Report.fixed(1e9 / inspectRate, 0));
        report.print(table);
        report.note("Ordinary moduli are what a scan meets; the test stops at the first residue outside the "
                + "subgroup. ROCA moduli are the worst case: every prime is tested.");
        double worst = Math.min(ordinaryRate, rocaRate);
        report.target("cert.roca.keys-per-core", Report.fixed(worst, 0) + "/s",
                ">=" + Report.fixed(TARGET_ROCA_PER_SECOND, 0) + "/s", worst >= TARGET_ROCA_PER_SECOND);
    }

    private static double rate(BigInteger[] moduli, long warmUpMillis, long windowMillis) {
        return rate(i -> RocaFingerprint.isVulnerable(moduli[i % moduli.length]) ? 1 : 0, warmUpMillis, windowMillis);
    }

    /** @return operations per second of {@code op} over a window after a warm-up, on this thread */
    private static double rate(IntUnaryOperator op, long warmUpMillis, long windowMillis) {
        long sink = 0;
        long end = System.nanoTime() + warmUpMillis * 1_000_000;
        for (int i = 0; System.nanoTime() < end; i++) {
            sink += op.applyAsInt(i);
        }
        long start = System.nanoTime();
        end = start + windowMillis * 1_000_000;
        long n = 0;
        long now;
        do {
            for (int k = 0; k < 256; k++) {
                sink += op.applyAsInt((int) (n++ & 0x7fffffff));
            }
            now = System.nanoTime();
        } while (now < end);
        if (sink == Long.MIN_VALUE) {
            System.out.print(""); // keeps the results alive
        }
        return n / Timed.seconds(now - start);
    }

    // ---------------------------------------------------------------- (c) CRL

    private void crl(int entries) throws Exception {
        report.heading("(5c) CRL of " + Report.count(entries) + " entries: index, then one check per certificate");
        KeyPair keys = keys("RSA", 2048);
        Ca ca = new Ca(ca("CN=Bench CRL CA", keys, null, keys), keys);
        BigInteger[] serials = new BigInteger[entries];
        for (int i = 0; i < entries; i++) {
            serials[i] = new BigInteger(144, random).setBit(143); // 18 bytes, as public CAs issue them
        }
        byte[] der = CrlDer.write(ca.certificate(), keys.getPrivate(), serials, AT.minus(Duration.ofDays(1)));
        report.note("CRL: %s DER, random 144-bit serials in random order, each with a reason code; RSA 2048 signature.",
                Report.bytes(der.length));

        int runs = 3;
        long best = Long.MAX_VALUE;
        CrlIndex index = null;
        for (int r = 0; r < runs; r++) {
            long start = System.nanoTime();
            index = CrlIndex.parse(der, ca.certificate());
            best = Math.min(best, System.nanoTime() - start);
        }
        if (index.size() != entries) {
            throw new IllegalStateException("index has " + index.size() + " entries, wrote " + entries);
        }
        long bestBc = Long.MAX_VALUE;
        X509CRLHolder holder = null;
        for (int r = 0; r < runs; r++) {
            long start = System.nanoTime();
            holder = new X509CRLHolder(der);
            bestBc = Math.min(bestBc, System.nanoTime() - start);
        }

        // Certificates to check: half on the CRL, half not; the offline path reads each one's extensions.
        int ring = 512;
        X509Certificate[] certificates = new X509Certificate[ring];
        KeyPair leafKeys = keys("EC", 256);
        for (int i = 0; i < ring; i++) {
            BigInteger serial = i % 2 == 0 ? serials[random.nextInt(entries)] : new BigInteger(144, random).setBit(143);
            certificates[i] = leaf(ca, leafKeys, serial, i, BASE, BASE.plus(Duration.ofDays(90)));
        }
        OfflineCrls crls = OfflineCrls.read(Map.of("bench.crl", der), List.of(ca.certificate()));
        List<X509Certificate> issuers = List.of(ca.certificate());
        for (int i = 0; i < ring; i++) {
            RevocationStatus.State expected = i % 2 == 0 ? RevocationStatus.State.REVOKED : RevocationStatus.State.GOOD;
            RevocationStatus.State got = crls.status(certificates[i], issuers, AT).state();
            if (got != expected) {
                throw new IllegalStateException("certificate " + i + " is " + got + ", expected " + expected);
            }
        }
        CrlIndex lookupIndex = index;
        BigInteger[] lookups = new BigInteger[ring];
        for (int i = 0; i < ring; i++) {
            lookups[i] = certificates[i].getSerialNumber();
        }
        long warmUp = options.quick() ? 300 : 2_000;
        long window = options.quick() ? 1_000 : 5_000;
        double findRate = rate(i -> lookupIndex.find(lookups[i % ring]).isPresent() ? 1 : 0, warmUp, window);
        double checkRate = rate(i -> crls.status(certificates[i % ring], issuers, AT).state().ordinal(), warmUp, window);
        int bcLookups = options.quick() ? 20 : 10;
        X509CRLHolder bc = holder;
        long bcStart = System.nanoTime();
        int bcHits = 0;
        for (int i = 0; i < bcLookups; i++) {
            bcHits += bc.getRevokedCertificate(lookups[i]) != null ? 1 : 0;
        }
        double bcMicros = (System.nanoTime() - bcStart) / 1e3 / bcLookups;
        if (bcHits != (bcLookups + 1) / 2) {
            throw new IllegalStateException("BouncyCastle found " + bcHits + " of " + bcLookups + " lookups");
        }

        double indexMillis = best / 1e6;
        double checkMicros = 1e6 / checkRate;
        Table table = new Table("CRL of " + Report.count(entries) + " entries (best of " + runs + " reads)",
                "", "read + index", "per certificate");
        table.row("Vigil CrlIndex.parse (verifies the signature) / OfflineCrls.status", Report.millis(indexMillis),
                Report.fixed(checkMicros, 2) + " µs");
        table.row("Vigil CrlIndex.find alone", "", Report.fixed(1e6 / findRate, 3) + " µs");
        table.row("BouncyCastle X509CRLHolder (no signature check) / getRevokedCertificate",
                Report.millis(bestBc / 1e6), Report.fixed(bcMicros, 0) + " µs");
        report.print(table);
        report.note("Per certificate: half of the certificates are on the CRL. OfflineCrls.status also finds the CRL");
        report.note("by issuer, matches the authority key identifier, checks freshness and scope. BouncyCastle parses");
        report.note("lazily, so its read time leaves out the entries; %d lookups, each a scan of the entries.", bcLookups);
        double secondsPerMillion = indexMillis / 1e3 * 1_000_000 / entries;
        report.target("cert.crl.index", Report.fixed(secondsPerMillion, 2) + "s/1M",
                "<=" + Report.fixed(TARGET_INDEX_SECONDS_PER_MILLION, 0) + "s/1M",
                secondsPerMillion <= TARGET_INDEX_SECONDS_PER_MILLION);
        report.target("cert.crl.check", Report.fixed(checkMicros, 2) + "µs",
                "<=" + Report.fixed(TARGET_CHECK_MICROS, 0) + "µs", checkMicros <= TARGET_CHECK_MICROS);
    }
}
