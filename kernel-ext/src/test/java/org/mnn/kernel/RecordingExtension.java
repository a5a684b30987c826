package org.mnn.kernel;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;

/** A JJava extension found through ServiceLoader on the test class path; registers the line magic %record. */
public class RecordingExtension implements Extension {

    static final List<List<String>> RECORDED = new CopyOnWriteArrayList<>();
    static volatile BaseKernel installedInto;

    @Override
    public void install(BaseKernel kernel) {
        installedInto = kernel;
        kernel.getMagicsRegistry().registerLineMagic("record", (LineMagic<Void, BaseKernel>) (k, args) -> {
            RECORDED.add(args);
            return null;
        });
    }
}
