package dev.vigil.jobs.cert.caa;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A dnsjava {@link Resolver} answering from a small in-memory zone, as a recursive resolver would:
 * CAA records, names that exist without CAA (NODATA), aliases, SERVFAIL, REFUSED and timeouts; any other
 * name is NXDOMAIN. Every answer goes through the wire format, so dnsjava parses it as it would a real one.
 */
public final class FakeDnsResolver implements Resolver {
    private static final Name NS = name("ns.example.net");
    private static final Name ADMIN = name("hostmaster.example.net");

    private final Map<Name, List<Record>> caa = new HashMap<>();
    private final Set<Name> existing = new HashSet<>();
    private final Map<Name, Name> aliases = new HashMap<>();
    private final Map<Name, Integer> rcodes = new HashMap<>();
    private final Set<Name> timeouts = new HashSet<>();
    private final List<String> queries = new ArrayList<>();
    private final Map<String, String> wireEdits = new HashMap<>();
    private boolean chaseAliases = true;

    /**
     * Publishes a CAA record, e.g. {@code caa("example.com", 0, "issue", "letsencrypt.org")}. A tag with
     * upper-case letters goes out on the wire as given, although dnsjava refuses to build such a record.
     */
    public FakeDnsResolver caa(String owner, int flags, String tag, String value) {
        Name name = name(owner);
        String lowerTag = tag.toLowerCase(Locale.ROOT);
        if (!lowerTag.equals(tag)) {
            wireEdits.put(lowerTag, tag);
        }
        caa.computeIfAbsent(name, n -> new ArrayList<>()).add(new CAARecord(name, DClass.IN, 300, flags, lowerTag, value));
        existing.add(name);
        return this;
    }

    /** Makes a name exist without CAA records: NOERROR with an empty answer. */
    public FakeDnsResolver exists(String owner) {
        existing.add(name(owner));
        return this;
    }

    public FakeDnsResolver cname(String owner, String target) {
        aliases.put(name(owner), name(target));
        existing.add(name(owner));
        return this;
    }

    public FakeDnsResolver servfail(String owner) {
        rcodes.put(name(owner), Rcode.SERVFAIL);
        return this;
    }

    public FakeDnsResolver refused(String owner) {
        rcodes.put(name(owner), Rcode.REFUSED);
        return this;
    }

    public FakeDnsResolver timeout(String owner) {
        timeouts.add(name(owner));
        return this;
    }

    /** Answers an alias with the CNAME alone, leaving the client to ask for the target. */
    public FakeDnsResolver withoutChasingAliases() {
        chaseAliases = false;
        return this;
    }

    /** @return every name asked for, in order, lower case without the trailing dot */
    public List<String> queries() {
        return List.copyOf(queries);
    }

    @Override
    public Message send(Message query) throws IOException {
        Record question = query.getQuestion();
        Name qname = question.getName();
        queries.add(qname.toString(true).toLowerCase(Locale.ROOT));
        if (timeouts.contains(qname)) {
            throw new SocketTimeoutException("no answer from the fake server for " + qname);
        }
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.RA);
        response.addRecord(question, Section.QUESTION);
        if (rcodes.containsKey(qname)) {
            response.getHeader().setRcode(rcodes.get(qname));
            return parsed(response);
        }
        Name current = qname;
        while (aliases.containsKey(current)) {
            Name target = aliases.get(current);
            response.addRecord(new CNAMERecord(current, DClass.IN, 300, target), Section.ANSWER);
            current = target;
            if (!chaseAliases) {
                return parsed(response);
            }
        }
        if (question.getType() == Type.CAA && caa.containsKey(current)) {
            for (Record record : caa.get(current)) {
                response.addRecord(record, Section.ANSWER);
            }
        } else {
            if (!existing.contains(current)) {
                response.getHeader().setRcode(Rcode.NXDOMAIN);
            }
            response.addRecord(new SOARecord(Name.root, DClass.IN, 300, NS, ADMIN, 1, 3600, 600, 86400, 300),
                    Section.AUTHORITY);
        }
        return parsed(response);
    }

    /** Sends the response through the wire form, as a real resolver's answer arrives. */
    private Message parsed(Message response) throws IOException {
        byte[] wire = response.toWire();
        for (Map.Entry<String, String> edit : wireEdits.entrySet()) {
            replaceAll(wire, edit.getKey().getBytes(StandardCharsets.US_ASCII),
                    edit.getValue().getBytes(StandardCharsets.US_ASCII));
        }
        return new Message(wire);
    }

    private static void replaceAll(byte[] data, byte[] from, byte[] to) {
        for (int i = 0; i + from.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, data, i, to.length);
            }
        }
    }

    static Name name(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void setPort(int port) {
    }

    @Override
    public void setTCP(boolean flag) {
    }

    @Override
    public void setIgnoreTruncation(boolean flag) {
    }

    @Override
    public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
    }

    @Override
    public void setTSIGKey(TSIG key) {
    }

    @Override
    public void setTimeout(Duration timeout) {
    }
}
