package dev.vigil.examples;

import dev.vigil.jobs.cert.OfflineCertificateCheck;
import dev.vigil.jobs.cert.OfflineCheckResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code vigil scan-certs PATH... [--at INSTANT] [--trust FILE] [--crl FILE]... [--ct-log-list FILE]
 * [--json]}: checks certificate files offline with {@link OfflineCertificateCheck}, the checks the
 * certificate jobs make: expiry status, weak key, CA/Browser Forum lints, chain, CRL revocation, CT
 * policy.
 *
 * <p>A PATH is a file or a folder. A folder is read recursively, its files in path order, taking the
 * files named {@code *.pem}, {@code *.crt}, {@code *.cer} or {@code *.der}; a file named on the command
 * line is always read. A file holds one DER certificate or PEM certificates: the first is the leaf that
 * is reported, the others are its presented chain (intermediates, perhaps a root), as a TLS server
 * sends them. One file gives one result; a file that cannot be read or holds no certificate gives an
 * {@code error} and the others still print.
 *
 * <p>Exit status: 0 when every file was read and every CRL verified; 1 when a file could not be read or
 * parsed, or a CRL was not verified by any certificate given (it is then not used, and a warning on
 * stderr names it); 2 for a bad command line or a {@code --trust}, {@code --crl} or
 * {@code --ct-log-list} file that cannot be read.
 */
final class ScanCertsCommand {
    private static final Set<String> FOLDER_SUFFIXES = Set.of(".pem", ".crt", ".cer", ".der");

    /** One file's outcome: a result, or why there is none. */
    private record Scanned(String file, Optional<OfflineCheckResult> result, Optional<String> error) {
    }

    private ScanCertsCommand() {
    }

    static int run(List<String> words, PrintStream out, PrintStream err, Clock clock) {
        Arguments args = Arguments.parse("scan-certs", words, Set.of("json"), Set.of("at", "trust", "ct-log-list"),
                Set.of("crl"));
        if (args.positional().isEmpty()) {
            throw new UsageException("scan-certs: needs a certificate file or folder, e.g. vigil scan-certs certs/");
        }
        Instant at = args.instantOption("at", clock.instant());
        OfflineCertificateCheck.Builder builder = OfflineCertificateCheck.builder(at);
        Optional<String> trust = args.option("trust");
        if (trust.isPresent()) {
            List<X509Certificate> anchors = certificates(Path.of(trust.get()));
            if (anchors.isEmpty()) {
                throw new UsageException("scan-certs: --trust " + trust.get() + " holds no certificate");
            }
            builder.trustAnchors(anchors);
        }
        for (String crl : args.options("crl")) {
            builder.crl(crl, read("--crl", Path.of(crl)));
        }
        Optional<String> logList = args.option("ct-log-list");
        if (logList.isPresent()) {
            try {
                builder.ctLogList(new String(read("--ct-log-list", Path.of(logList.get())),
                        java.nio.charset.StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new UsageException("scan-certs: --ct-log-list " + logList.get() + ": " + Main.oneLine(e.getMessage()));
            }
        }
        OfflineCertificateCheck check;
        try {
            check = builder.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("scan-certs: " + Main.oneLine(e.getMessage()));
        }

        List<Scanned> scanned = new ArrayList<>();
        for (String path : args.positional()) {
            for (Path file : files(Path.of(path), scanned)) {
                scanned.add(scan(file, check));
            }
        }
        if (args.flag("json")) {
            out.println(json(scanned));
        } else {
            table(scanned, out);
        }
        List<String> unverified = check.unverifiedCrls();
        unverified.forEach(line -> err.println("vigil scan-certs: warning: CRL not used, no certificate given verifies it: "
                + Main.oneLine(line)));
        boolean failed = scanned.stream().anyMatch(s -> s.error().isPresent());
        return failed || !unverified.isEmpty() ? Main.EXIT_FAILURE : Main.EXIT_OK;
    }

    /** @return the files to read for a PATH; a path that does not exist is recorded as an error */
    private static List<Path> files(Path path, List<Scanned> scanned) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            scanned.add(new Scanned(path.toString(), Optional.empty(), Optional.of("no such file or folder")));
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile).filter(ScanCertsCommand::looksLikeCertificate).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            scanned.add(new Scanned(path.toString(), Optional.empty(), Optional.of("cannot list the folder: "
                    + Main.oneLine(e.getMessage()))));
            return List.of();
        }
    }

    private static boolean looksLikeCertificate(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 && FOLDER_SUFFIXES.contains(name.substring(dot));
    }

    private static Scanned scan(Path file, OfflineCertificateCheck check) {
        String name = file.toString();
        List<X509Certificate> certificates;
        try {
            certificates = parse(Files.readAllBytes(file));
        } catch (IOException e) {
            return new Scanned(name, Optional.empty(), Optional.of("cannot read the file: " + Main.oneLine(e.toString())));
        } catch (CertificateException | RuntimeException e) {
            return new Scanned(name, Optional.empty(), Optional.of("not a PEM or DER certificate: "
                    + Main.oneLine(e.getMessage())));
        }
        if (certificates.isEmpty()) {
            return new Scanned(name, Optional.empty(), Optional.of("no certificate in the file"));
        }
        try {
            OfflineCheckResult result = check.check(certificates.get(0), certificates.subList(1, certificates.size()));
            return new Scanned(name, Optional.of(result), Optional.empty());
        } catch (IllegalArgumentException e) {
            return new Scanned(name, Optional.empty(), Optional.of(Main.oneLine(e.getMessage())));
        }
    }

    /** @return every certificate of a DER or PEM file, in the file's order */
    static List<X509Certificate> parse(byte[] bytes) throws CertificateException {
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
            if (c instanceof X509Certificate x) {
                out.add(x);
            }
        }
        return out;
    }

    private static List<X509Certificate> certificates(Path file) {
        try {
            return parse(read("--trust", file));
        } catch (CertificateException e) {
            throw new UsageException("scan-certs: --trust " + file + " is not a PEM bundle of certificates: "
                    + Main.oneLine(e.getMessage()));
        }
    }

    private static byte[] read(String option, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UsageException("scan-certs: " + option + " " + file + " cannot be read: " + Main.oneLine(e.toString()));
        }
    }

    static void table(List<Scanned> scanned, PrintStream out) {
        TextTable table = new TextTable("FILE", "SUBJECT", "NOT AFTER", "EXPIRY", "WEAK KEY", "LINTS", "CHAIN",
                "REVOCATION", "SCTS", "CT");
        for (Scanned s : scanned) {
            if (s.result().isEmpty()) {
                table.row(s.file(), "error: " + s.error().orElseThrow(), "-", "-", "-", "-", "-", "-", "-", "-");
                continue;
            }
            OfflineCheckResult r = s.result().get();
            table.row(s.file(), r.subject(), r.notAfter(), r.expiryStatus(), r.weakKey().orElse("-"),
                    r.lints().isEmpty() ? "-" : String.join(",", r.lints()), r.chain(), r.revocation(), r.sctCount(),
                    r.ctPolicy());
        }
        if (table.isEmpty()) {
            out.println("No certificate files found.");
        } else {
            table.print(out);
        }
    }

    static String json(List<Scanned> scanned) {
        JsonWriter json = new JsonWriter().beginArray();
        for (Scanned s : scanned) {
            json.beginObject().name("file").value(s.file());
            Optional<OfflineCheckResult> result = s.result();
            if (result.isPresent()) {
                OfflineCheckResult r = result.get();
                json.name("sha256").value(r.sha256())
                        .name("subject").value(r.subject())
                        .name("notAfter").value(r.notAfter().toString())
                        .name("expiryStatus").value(r.expiryStatus())
                        .name("weakKey").value(r.weakKey())
                        .name("lints").beginArray();
                r.lints().forEach(json::value);
                json.endArray()
                        .name("chain").value(r.chain())
                        .name("revocation").value(r.revocation().name())
                        .name("sctCount").value(r.sctCount())
                        .name("ctPolicy").value(r.ctPolicy().name())
                        .name("notes").beginArray();
                r.notes().forEach(json::value);
                json.endArray().name("error").nullValue();
            } else {
                for (String name : List.of("sha256", "subject", "notAfter", "expiryStatus", "weakKey", "lints", "chain",
                        "revocation", "sctCount", "ctPolicy", "notes")) {
                    json.name(name).nullValue();
                }
                json.name("error").value(s.error().orElseThrow());
            }
            json.endObject();
        }
        return json.endArray().toString();
    }
}
