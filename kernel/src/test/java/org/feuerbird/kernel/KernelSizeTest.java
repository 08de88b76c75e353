package org.feuerbird.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.feuerbird.kernel.api.Kernel;
import org.junit.jupiter.api.Test;

/**
 * The kernel's two structural promises (DESIGN.md sections 1 and 3): its main code stays
 * under 10,000 lines, and its module shows LibOSes the api package and nothing else.
 */
class KernelSizeTest {
    private static final int LINE_BOUND = 10_000;
    private static final String MODULE = "org.feuerbird.kernel", API = "org.feuerbird.kernel.api";
    private static final Pattern MODULE_DECL = Pattern.compile("\\bmodule\\s+" + Pattern.quote(MODULE) + "\\s*\\{");

    @Test
    void mainCodeStaysUnderTenThousandLines() throws IOException {
        Path src = mainSources();
        // The HAL is kernel code in a module of its own (kernel/hal): it counts too.
        Path hal = src.resolve("../../../hal/src/main/java").normalize();
        record Size(Path file, long lines, long nonBlank) {}
        List<Size> sizes = new ArrayList<>();
        for (Path root : List.of(src, hal)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).toList()) {
                    String text = Files.readString(f, StandardCharsets.UTF_8);
                    long lines = text.lines().count();
                    long nonBlank = text.lines().filter(l -> !l.isBlank()).count();
                    sizes.add(new Size(root.relativize(f), lines, nonBlank));
                }
            }
        }
        // Guards against counting the wrong (or an empty) folder and passing vacuously.
        assertTrue(sizes.stream().anyMatch(s -> s.file().endsWith(Path.of("api", "Kernel.java"))), "no api/Kernel.java under " + src);
        assertTrue(sizes.stream().anyMatch(s -> s.file().endsWith(Path.of("hal", "Machine.java"))), "no hal/Machine.java under " + hal);
        long total = sizes.stream().mapToLong(Size::lines).sum();
        long nonBlank = sizes.stream().mapToLong(Size::nonBlank).sum();
        String largest = sizes.stream().sorted(Comparator.comparingLong(Size::lines).reversed()).limit(5)
            .map(s -> s.file() + " " + s.lines()).collect(Collectors.joining(", "));
        assertTrue(total < LINE_BOUND, "kernel main code (" + src + ") has " + total + " lines, counting ALL lines of its "
            + sizes.size() + " .java files (blank and comment lines included; " + nonBlank + " non-blank); the bound is under "
            + LINE_BOUND + ". Largest: " + largest);
    }

    @Test
    void moduleInfoExportsOnlyTheApiAndOpensNothing() throws IOException {
        Path moduleInfo = mainSources().resolve("module-info.java");
        String code = withoutComments(Files.readString(moduleInfo, StandardCharsets.UTF_8));
        assertFalse(Pattern.compile("\\bopen\\s+module\\b").matcher(code).find(), moduleInfo + ": an open module opens every package");
        assertFalse(Pattern.compile("\\bopens\\b").matcher(code).find(), moduleInfo + ": the kernel never opens a package");
        Set<String> exported = new TreeSet<>();
        Matcher m = Pattern.compile("\\bexports\\s+([\\w.]+)[^;]*;").matcher(code);
        int found = 0;
        while (m.find()) {
            exported.add(m.group(1));
            found++;
        }
        Matcher words = Pattern.compile("\\bexports\\b").matcher(code);
        int mentioned = 0;
        while (words.find()) mentioned++;
        assertEquals(mentioned, found, moduleInfo + ": an exports directive this test could not read");
        assertEquals(Set.of(API), exported, moduleInfo + " must export " + API + " only (qualified exports included)");
    }

    @Test
    void runtimeModuleExportsOnlyTheApiAndOpensNothing() {
        ModuleDescriptor d = Kernel.class.getModule().getDescriptor();
        assumeTrue(d != null, "the kernel is on the class path here, not a named module: nothing to inspect at run time");
        assertOnlyApi(d, "the running kernel module");
    }

    /** The compiled descriptor, as a module path would load it: checked however the tests themselves run. */
    @Test
    void compiledModuleExportsOnlyTheApiAndOpensNothing() throws URISyntaxException {
        CodeSource code = Kernel.class.getProtectionDomain().getCodeSource();
        assumeTrue(code != null && code.getLocation() != null && "file".equals(code.getLocation().getProtocol()),
            "the kernel classes do not come from a file location");
        Path where = Path.of(code.getLocation().toURI());
        Optional<ModuleReference> ref = ModuleFinder.of(where).find(MODULE);
        assertTrue(ref.isPresent(), "no compiled module " + MODULE + " at " + where);
        assertOnlyApi(ref.get().descriptor(), "the compiled module at " + where);
    }

    private static void assertOnlyApi(ModuleDescriptor d, String what) {
        assertEquals(MODULE, d.name(), what);
        assertFalse(d.isOpen(), what + " is declared open");
        assertTrue(d.opens().isEmpty(), what + " opens " + d.opens());
        Set<String> exported = d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(API), exported, what + " exports " + d.exports());
    }

    private static String withoutComments(String java) {
        return java.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
    }

    /**
     * kernel/src/main/java: looked for from the working directory (the module folder under
     * Maven), then {@code user.dir}, then where the compiled kernel classes live, walking up
     * from each, and recognised by its module declaration.
     */
    private static Path mainSources() throws IOException {
        Set<Path> starts = new LinkedHashSet<>();
        starts.add(Path.of("").toAbsolutePath());
        String userDir = System.getProperty("user.dir");
        if (userDir != null) starts.add(Path.of(userDir).toAbsolutePath());
        CodeSource code = Kernel.class.getProtectionDomain().getCodeSource();
        if (code != null && code.getLocation() != null) {
            try {
                starts.add(Path.of(code.getLocation().toURI()).toAbsolutePath());
            } catch (URISyntaxException | IllegalArgumentException ignored) {
                // not a file location (a jar inside something else): the other starts remain
            }
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                for (Path candidate : List.of(dir.resolve("src/main/java"), dir.resolve("kernel/src/main/java"))) {
                    Path info = candidate.resolve("module-info.java");
                    if (Files.isRegularFile(info) && MODULE_DECL.matcher(withoutComments(Files.readString(info, StandardCharsets.UTF_8))).find()) {
                        return candidate;
                    }
                }
            }
        }
        return fail("kernel/src/main/java (with module " + MODULE + ") not found from " + starts);
    }
}
