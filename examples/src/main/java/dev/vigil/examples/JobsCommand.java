package dev.vigil.examples;

import dev.vigil.core.JobTypeInfo;
import dev.vigil.core.Vigil;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.ParameterSpec;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * {@code vigil jobs [--json]}: every registered job type — discovered job modules and the engine's
 * built-ins — with its module, title, default schedule, whether it is enabled by default, and why
 * it is disabled if it is.
 */
final class JobsCommand {
    private JobsCommand() {
    }

    static int run(List<String> words, PrintStream out) {
        Arguments args = Arguments.parse("jobs", words, Set.of("json"), Set.of());
        args.expectNoPositional();
        List<JobTypeInfo> types;
        List<String> problems;
        try (Vigil vigil = EmbeddedHost.withoutStore().build()) {
            types = vigil.jobTypes();
            problems = vigil.discoveryProblems();
        }
        if (args.flag("json")) {
            out.println(json(types, problems));
        } else {
            table(types, problems, out);
        }
        return Main.EXIT_OK;
    }

    static void table(List<JobTypeInfo> types, List<String> problems, PrintStream out) {
        TextTable table = new TextTable("ID", "MODULE", "TITLE", "DEFAULT SCHEDULE", "WHEN", "ENABLED");
        for (JobTypeInfo t : types) {
            JobDescriptor d = t.descriptor();
            String enabled = t.disabledReason().isPresent() ? "disabled (see below)"
                    : d.enabledByDefault() ? "yes" : "no";
            table.row(d.id(), t.provider(), d.title(), d.defaultSchedule().toText(), t.defaultScheduleDescription(),
                    enabled);
        }
        table.print(out);
        for (JobTypeInfo t : types) {
            t.disabledReason().ifPresent(reason -> out.println(t.id() + " is disabled: " + reason));
        }
        for (String problem : problems) {
            out.println("skipped: " + problem);
        }
        out.println(types.size() + " job type(s)");
    }

    static String json(List<JobTypeInfo> types, List<String> problems) {
        JsonWriter json = new JsonWriter().beginObject().name("jobTypes").beginArray();
        for (JobTypeInfo t : types) {
            JobDescriptor d = t.descriptor();
            json.beginObject()
                    .name("id").value(d.id())
                    .name("module").value(t.provider())
                    .name("title").value(d.title())
                    .name("description").value(d.description())
                    .name("defaultSchedule").value(d.defaultSchedule().toText())
                    .name("defaultScheduleDescription").value(t.defaultScheduleDescription())
                    .name("enabledByDefault").value(d.enabledByDefault())
                    .name("usable").value(t.usable())
                    .name("disabledReason").value(t.disabledReason())
                    .name("parameters").beginArray();
            for (ParameterSpec p : d.parameters()) {
                json.beginObject()
                        .name("name").value(p.name())
                        .name("type").value(p.type().name())
                        .name("required").value(p.required())
                        .name("default").value(p.defaultIfAny())
                        .name("description").value(p.description())
                        .endObject();
            }
            json.endArray().name("requiredServices").beginArray();
            for (Class<?> service : d.requiredServices()) {
                json.value(service.getName());
            }
            json.endArray().endObject();
        }
        json.endArray().name("discoveryProblems").beginArray();
        for (String problem : problems) {
            json.value(problem);
        }
        return json.endArray().endObject().toString();
    }
}
