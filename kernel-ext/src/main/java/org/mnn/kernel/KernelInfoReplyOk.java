package org.mnn.kernel;

import java.util.List;

import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;

/**
 * jjava-jupyter 1.0-a6's kernel_info reply lacks the {@code "status"} field that the protocol
 * requires (Jupyter's protocol test suite fails on it); Gson writes this subclass's field too.
 */
final class KernelInfoReplyOk extends KernelInfoReply {

    @SuppressWarnings("unused") // read by Gson
    private final String status = "ok";

    KernelInfoReplyOk(String protocolVersion, String implementation, String implementationVersion,
                      LanguageInfo languageInfo, String banner, List<HelpLink> helpLinks) {
        super(protocolVersion, implementation, implementationVersion, languageInfo, banner, helpLinks);
    }
}
