package dev.vigil.bench.cert;

import dev.vigil.jobs.cert.crl.CrlCache;
import dev.vigil.jobs.cert.crl.CrlIndex;
import dev.vigil.jobs.cert.crl.CrlRevocationChecker;
import dev.vigil.jobs.cert.crl.RevocationStatus;
import dev.vigil.jobs.cert.crl.RevokedEntry;
import dev.vigil.spi.cert.UrlFetcher;
import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
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
 * CRL index of {@code jobs-cert}: the time to read, verify (RSA 2048, SHA-256 over the whole
 * tbsCertList) and index a CRL of {@code entries} entries, and the time of one lookup by serial,
 * for serials on the CRL (hits) and not on it (misses), in the index alone and through
 * {@link CrlRevocationChecker#check} with the CRL cached (what a job pays per certificate).
 *
 * <p>{@code serials}: {@code sequential63} (serials 2, 4 .. 2n, kept in a {@code long[]}; misses are
 * the odd numbers between them) or
 * {@code random144} (random 18-byte serials as public CAs issue them, kept in the byte arena).
 * Entries are written in random order with a reason code, about 40 (63-bit) or 47 (144-bit)
 * bytes each. The CRL's DER is written directly and signed with JCA; the setup checks the index
 * against the serials it wrote.
 *
 * <p>Public because JMH's generated code must see it.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CrlIndexBenchmark {
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    private static final int RING = 4096;
    private static final URI URL = URI.create("http://crl.bench.test/ca.crl");

    /** Number of CRL entries. */
    @Param("1000000")
    public int entries;

    /** {@code sequential63} or {@code random144}. */
    @Param({"sequential63", "random144"})
    public String serials;

    private byte[] crl;
    private X509Certificate issuer;
    private CrlIndex index;
    private BigInteger[] hits;
    private BigInteger[] misses;
    private X509Certificate[] certificates;
    private CrlRevocationChecker checker;
    private int cursor;

    /** Writes and signs the CRL, indexes it once, checks it, and prepares the lookup rings. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("RSA").genKeyPair();
        issuer = caCertificate(keys);
        Random random = new Random(2026);
        BigInteger[] written = new BigInteger[entries];
        for (int i = 0; i < entries; i++) {
            written[i] = serials.equals("random144") ? new BigInteger(144, random).setBit(143)
                    : BigInteger.valueOf(2L * (i + 1));
        }
        for (int i = entries - 1; i > 0; i--) { // random order on the CRL
            int j = random.nextInt(i + 1);
            BigInteger t = written[i];
            written[i] = written[j];
            written[j] = t;
        }
        crl = CrlDer.write(issuer, keys.getPrivate(), written, BASE);
        index = CrlIndex.parse(crl, issuer);
        hits = new BigInteger[RING];
        misses = new BigInteger[RING];
        for (int i = 0; i < RING; i++) {
            hits[i] = written[random.nextInt(entries)];
            misses[i] = serials.equals("random144") ? new BigInteger(144, random).setBit(143)
                    : BigInteger.valueOf(2L * random.nextInt(entries) + 1); // odd: between two entries
            if (index.find(hits[i]).isEmpty() || index.find(misses[i]).isPresent()) {
                throw new IllegalStateException("index disagrees with the CRL written at " + hits[i]);
            }
        }
        if (index.size() != entries) {
            throw new IllegalStateException("index has " + index.size() + " entries, wrote " + entries);
        }
        certificates = new X509Certificate[256];
        KeyPair leafKeys = KeyPairGenerator.getInstance("RSA").genKeyPair();
        for (int i = 0; i < certificates.length; i++) {
            certificates[i] = leaf(issuer, keys.getPrivate(), leafKeys, i % 2 == 0 ? hits[i] : misses[i]);
        }
        UrlFetcher fetcher = (uri, maxBytes) -> crl;
        checker = new CrlRevocationChecker(CrlCache.builder(fetcher,
                Clock.fixed(BASE.plusSeconds(3600), ZoneOffset.UTC)).build());
        for (int i = 0; i < certificates.length; i++) {
            RevocationStatus.State expected = i % 2 == 0 ? RevocationStatus.State.REVOKED
                    : RevocationStatus.State.GOOD;
            if (checker.check(certificates[i], issuer).state() != expected) {
                throw new IllegalStateException("checker disagrees with the CRL on certificate " + i);
            }
        }
        cursor = 0;
    }

    private int next(int size) {
        int i = cursor;
        cursor = i + 1 == size ? 0 : i + 1;
        return i;
    }

    /** Parse, verify the signature, read and sort every entry. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public CrlIndex index() {
        return CrlIndex.parse(crl, issuer);
    }

    /** One lookup of a serial on the CRL. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Optional<RevokedEntry> lookupHit() {
        return index.find(hits[next(RING)]);
    }

    /** One lookup of a serial not on the CRL. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Optional<RevokedEntry> lookupMiss() {
        return index.find(misses[next(RING)]);
    }

    /** One whole check of a certificate, CRL cached: half revoked, half good. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public RevocationStatus checkCached() {
        return checker.check(certificates[next(certificates.length)], issuer);
    }

    private static X509Certificate caCertificate(KeyPair keys) throws Exception {
        X500Name name = new X500Name("CN=Bench CRL CA");
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(BASE), Date.from(BASE.plusSeconds(86_400L * 3650)), name, keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false,
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    }

    private static X509Certificate leaf(X509Certificate ca, PrivateKey caKey, KeyPair keys, BigInteger serial)
            throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial, Date.from(BASE),
                Date.from(BASE.plusSeconds(86_400L * 90)), new X500Name("CN=leaf.bench.test"), keys.getPublic());
        b.addExtension(Extension.authorityKeyIdentifier, false,
                new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca));
        b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
            new DistributionPoint(new DistributionPointName(new GeneralNames(
                    new GeneralName(GeneralName.uniformResourceIdentifier, URL.toString()))), null, null)}));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKey)));
    }
}
