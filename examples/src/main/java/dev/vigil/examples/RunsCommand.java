package dev.vigil.examples;

import dev.vigil.spi.RunRecord;
import dev.vigil.spi.RunState;
import dev.vigil.spi.VigilException;
import dev.vigil.spi.store.RunQuery;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code vigil runs [--job ID] [--limit N] [--json] [store options]}: run history from the store,
 * newest first: running, waiting and ended runs, not queued ones, of every process that used the
 * store. It reads the store directly, with no engine, so it changes no definition or run and may
 * run while a demo runs in another process. A data folder that does not exist yet has no runs; it
 * is not created.
 */
final class RunsCommand {
    /** Every state but QUEUED: runs that started (or were skipped), not fires still to come. */
    private static final RunState[] HISTORY = EnumSet.complementOf(EnumSet.of(RunState.QUEUED))
            .toArray(new RunState[0]);

    private RunsCommand() {
    }

    static int run(List<String> words, PrintStream out, ZoneId zone, Map<String, String> env) {
        Set<String> options = new HashSet<>(StoreOptions.NAMES);
        options.add("job");
        options.add("limit");
        Arguments args = Arguments.parse("runs", words, Set.of("json"), options);
        args.expectNoPositional();
        RunQuery query = RunQuery.all().definition(args.option("job").orElse(null)).states(HISTORY)
                .limit(args.intOption("limit", 20, 1, RunQuery.MAX_LIMIT));
        StoreOptions storeOptions = StoreOptions.from("runs", args, env);

        Optional<Path> missingFolder = storeOptions.dataFolder().filter(folder -> !Files.exists(folder));
        List<RunRecord> runs;
        String none;
        if (missingFolder.isPresent()) {
            runs = List.of();
            none = "No runs: there is no data folder " + missingFolder.get() + " yet; 'vigil demo' creates it.";
        } else {
            try (EmbeddedHost host = EmbeddedHost.open(storeOptions)) {
                try {
                    runs = host.store().runs(query);
                } catch (VigilException e) {
                    throw host.redacted(e);
                }
                none = "No runs" + args.option("job").map(id -> " of " + id).orElse("") + " in the store ("
                        + host.storeDescription() + ").";
            }
        }
        if (args.flag("json")) {
            out.println(json(runs));
        } else {
            table(runs, zone, out);
            if (runs.isEmpty()) {
                out.println(none);
            }
        }
        return Main.EXIT_OK;
    }

    static void table(List<RunRecord> runs, ZoneId zone, PrintStream out) {
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(zone);
        TextTable table = new TextTable("RUN", "DEFINITION", "JOB TYPE", "ORIGIN", "ATTEMPT", "STATE", "STARTED",
                "DURATION", "COUNTS", "MESSAGE");
        for (RunRecord r : runs) {
            table.row(r.id(), r.definitionId(), r.jobType(), r.origin(), r.attempt(), r.state(),
                    r.startedAt() == null ? "-" : time.format(r.startedAt()),
                    r.duration().map(RunPrinter::seconds).orElse("-"), RunPrinter.counts(r.counts()),
                    Main.oneLine(r.message()));
        }
        if (!runs.isEmpty()) {
            table.print(out);
        }
    }

    static String json(List<RunRecord> runs) {
        JsonWriter json = new JsonWriter().beginObject().name("runs").beginArray();
        for (RunRecord r : runs) {
            json.beginObject()
                    .name("id").value(r.id())
                    .name("definitionId").value(r.definitionId())
                    .name("jobType").value(r.jobType())
                    .name("origin").value(r.origin().name());
            if (r.parentRunId() == null) {
                json.name("parentRunId").nullValue();
            } else {
                json.name("parentRunId").value(r.parentRunId());
            }
            json.name("attempt").value(r.attempt())
                    .name("state").value(r.state().name())
                    .name("scheduledTime").value(text(r.scheduledTime()))
                    .name("startedAt").value(text(r.startedAt()))
                    .name("endedAt").value(text(r.endedAt()))
                    .name("counts").beginObject()
                    .name("processed").value(r.counts().processed())
                    .name("succeeded").value(r.counts().succeeded())
                    .name("failed").value(r.counts().failed())
                    .name("skipped").value(r.counts().skipped())
                    .endObject()
                    .name("message").value(r.message())
                    .endObject();
        }
        return json.endArray().endObject().toString();
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
