package org.feuerbird.hardware.cpu;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.feuerbird.hardware.memory.CodeWatcher;
import org.feuerbird.hardware.memory.Ram;

/**
 * Decoded instructions, one array of 2,048 slots per physical RAM page, shared by the
 * harts of a board (decoding depends only on the bytes, so every virtual alias of a page
 * shares its copy).
 *
 * <p>Coherence: when a page is first decoded it is marked in {@link Ram} and every hart's
 * write TLB is flushed, so stores to it go through the slow path, which tells the RAM,
 * which tells this cache to drop the page. Writes by devices and loaders go through the
 * RAM's checked methods and drop it the same way. A hart that keeps executing its current
 * page after a store to it sees the old instructions until it leaves the page or executes
 * {@code fence.i}, which is what the RISC-V spec allows.
 */
public final class CodeCache implements CodeWatcher {
    /** One slot per halfword of a page, then two that mark its end (see {@link #page}). */
    static final int SLOTS = Ram.PAGE_SIZE / 2;
    private static final long END = Op.PAGE_END;

    private final Ram ram;
    private final long[][] pages;
    /** Translated regions per page ({@link Translator}), dropped together with the decoded copy. */
    private final Translations[] translations;
    private final List<Mmu> mmus = new CopyOnWriteArrayList<>();
    private final AtomicLong writes = new AtomicLong();
    /** Per page, the pages whose translations hold its code ({@link #dependsOn}). */
    private final Map<Integer, Set<Integer>> dependents = new ConcurrentHashMap<>();

    public CodeCache(Ram ram) {
        this.ram = ram;
        this.pages = new long[(int) (ram.size() >>> Ram.PAGE_SHIFT)][];
        this.translations = new Translations[pages.length];
        ram.setCodeWatcher(this);
    }

    void register(Mmu mmu) { mmus.add(mmu); }

    /** The RAM page index of a physical address, or -1 if it is not RAM. */
    int pageOf(long pa) {
        return ram.contains(pa, 2) ? (int) ((pa - ram.base()) >>> Ram.PAGE_SHIFT) : -1;
    }

    long[] page(int page) {
        long[] code = pages[page];
        if (code == null) {
            // Sequential execution leaves a page through slot 2048 (or 2049, after a 32-bit
            // instruction that straddles the boundary); their PAGE_END marks send the
            // interpreter to the next page without a per-instruction page check.
            code = new long[SLOTS + 2];
            code[SLOTS] = END;
            code[SLOTS + 1] = END;
            pages[page] = code;
            ram.markCode(page);
            for (Mmu m : mmus) m.flushWrites();
        }
        return code;
    }

    /** The translations of a page that {@link #page} has decoded (created on first use). */
    Translations translations(int page) {
        Translations t = translations[page];
        if (t == null) translations[page] = t = new Translations();
        return t;
    }

    /** Whether a trace ({@link Trace}) starts at this RAM index, as translated now. */
    boolean traceStartsAt(int ramIndex) {
        Translations t = translations[ramIndex >>> 12];
        Translator.Compiled c = t == null ? null : t.regions[(ramIndex & 0xfff) >>> 1];
        return c != null && c.trace();
    }

    /**
     * Records that the translations of {@code page} hold code of page {@code on} (a trace,
     * {@link Trace}): a write to {@code on} drops them too.
     */
    void dependsOn(int page, int on) {
        if (page != on) dependents.computeIfAbsent(on, k -> ConcurrentHashMap.newKeySet()).add(page);
    }

    /** How many times a code page was written, ever: a trace checks that none was while it was made. */
    long writes() { return writes.get(); }

    @Override
    public void codeWritten(int page) {
        writes.incrementAndGet();   // first: see Interpreter.traceAt
        pages[page] = null;
        translations[page] = null;
        Set<Integer> d = dependents.remove(page);
        if (d != null) {
            for (int p : d) translations[p] = null;
        }
        for (Mmu m : mmus) m.codeGen++;
    }

    /**
     * Per page: how often each halfword slot was the target of a taken jump (its heat), and
     * the region translated for it once it is hot.
     */
    static final class Translations {
        final int[] heat = new int[SLOTS];
        final Translator.Compiled[] regions = new Translator.Compiled[SLOTS];
        /** The distinct regions of the page. */
        final List<Translator.Compiled> compiled = new CopyOnWriteArrayList<>();
    }
}
