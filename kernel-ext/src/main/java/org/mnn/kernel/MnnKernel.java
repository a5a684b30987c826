package org.mnn.kernel;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jdk.jshell.JShell;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;

/**
 * The Java kernel "mnn": JJava's protocol handling ({@link BaseKernel}) wired to a JShell that runs
 * in this JVM. Each Jupyter request is passed on to the class that answers it: cells to
 * {@link CellEvaluator}, Tab and Shift-Tab to {@link CodeAssist}, is_complete to
 * {@link CompletenessCheck}.
 */
public final class MnnKernel extends BaseKernel {

    public static final String NAME = "mnn";

    private final JShell shell;
    private final CellEvaluator evaluator;
    private final CodeAssist assist;
    private final CompletenessCheck completeness;
    /** the user exception evalRaw last passed on to BaseKernel as is, with its traceback */
    private volatile UserCodeException passedOn;
    /** run after every cell, on the shell thread, while the cell's outputs can still be published */
    private final Map<String, Runnable> afterCell = new ConcurrentHashMap<>();

    private MnnKernel(JShell shell, CellExecutionControl control) {
        super(NAME,
                version(),
                new LanguageInfo.Builder("java")
                        .version(Runtime.version().toString())
                        .mimetype("text/x-java-source")
                        .fileExtension(".jshell")
                        .pygments("java")
                        .codemirror("text/x-java")
                        .build(),
                List.of(new HelpLink("JShell", "https://docs.oracle.com/en/java/javase/17/jshell/")),
                null, // no history: frontends keep their own
                new JupyterIO(StandardCharsets.UTF_8),
                new CommManager(),
                new Renderer(),
                // %name at the start of a line, %%name on a cell's first line (as in IPython)
                new MagicParser("^\\s*%", "%%", new MagicTranspiler()),
                new MagicsRegistry(),
                true,
                new StringStyler.Builder().build());
        this.shell = shell;
        CellSplitter splitter = new CellSplitter(shell.sourceCodeAnalysis());
        this.evaluator = new CellEvaluator(shell, control, splitter);
        this.assist = new CodeAssist(shell.sourceCodeAnalysis(), splitter);
        this.completeness = new CompletenessCheck(splitter);
    }

    /** A kernel whose cells compile against, and run with, this JVM's class path. */
    public static MnnKernel create() {
        CellExecutionControl control = new CellExecutionControl();
        JShell shell = JavaShell.create(control, System.getProperty("java.class.path", ""));
        return new MnnKernel(shell, control);
    }

    private static String version() {
        String version = MnnKernel.class.getPackage().getImplementationVersion();
        return version != null ? version : "dev";
    }

    /**
     * Adds jars or class directories to what cells compile against and load, and installs the
     * JJava extensions they declare ({@code META-INF/services/org.dflib.jjava.jupyter.Extension}).
     */
    public void addToClasspath(String classpath) {
        shell.addToClasspath(classpath);
        installExtensions(classpath);
    }

    /**
     * Runs {@code hook} after every cell (whether it succeeded, failed or was interrupted), before
     * the kernel replies, so that what it displays still belongs to the cell: e.g. the last,
     * throttled update of a live training curve. A second hook under the same key replaces the
     * first; a hook that throws is reported on stderr and does not fail the cell.
     */
    public void afterEachCell(String key, Runnable hook) {
        afterCell.put(key, hook);
    }

    @Override
    public Object evalRaw(String source) {
        try {
            return evalCell(source);
        } finally {
            for (Runnable hook : afterCell.values()) {
                try {
                    hook.run();
                } catch (RuntimeException e) {
                    System.err.println("note: an after-cell hook failed: " + e);
                }
            }
        }
    }

    private Object evalCell(String source) {
        passedOn = null;
        // BaseKernel has already counted this cell: its number is one below the counter
        int cellNumber = executionCount.get() - 1;
        try {
            return evaluator.run(magicParser.resolveMagics(source), cellNumber)
                    .map(MnnKernel::displayable)
                    .orElse(null);
        } catch (UserCodeException e) {
            if (e.thrown() instanceof Exception) {
                // BaseKernel names the Jupyter error after the class of what evalRaw throws: pass the
                // user's own exception on, so that the notebook says ArithmeticException, not ours
                passedOn = e;
                throw MnnKernel.<RuntimeException>rethrow(e.thrown());
            }
            throw e;
        }
    }

    /**
     * Arrays print as {@code [D@1b6d3586}; JShell's text for them reads {@code double[2] { 1.0, 2.0 }}.
     * {@code System.out.printf(...)} as a cell's last line returns the stream itself, which would
     * show as {@code java.io.PrintStream@5e91993f} under the printed text: not a result.
     */
    private static Object displayable(CellEvaluator.Result result) {
        Object value = result.value();
        if (value != null && (value == System.out || value == System.err)) {
            return null;
        }
        if (value != null && value.getClass().isArray()) {
            return new DisplayData(result.text());
        }
        return value;
    }

    /** Throws a checked exception without declaring it (evalRaw's signature cannot). */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException rethrow(Throwable t) throws T {
        throw (T) t;
    }

    @Override
    public List<String> formatError(Throwable e) {
        if (e instanceof CellException) {
            return ((CellException) e).traceback();
        }
        UserCodeException cellError = passedOn;
        if (cellError != null && cellError.thrown() == e) {
            return cellError.traceback();
        }
        return super.formatError(e);
    }

    @Override
    public void interrupt() {
        evaluator.interrupt();
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return assist.inspect(code, at);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        return assist.complete(code, at);
    }

    @Override
    public String isComplete(String code) {
        return completeness.check(magicParser.resolveMagics(code));
    }

    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> request) {
        env.setBusyDeferIdle();
        env.reply(new KernelInfoReplyOk(Header.PROTOCOL_VERISON, name, version, getLanguageInfo(),
                getBanner(), getHelpLinks()));
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        evaluator.interrupt();
        super.onShutdown(isRestarting);
        shell.close();
    }
}
