package org.recon4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the recon command in-process: its exit status and what it printed. */
record CommandRun(int code, String out, String err) {
    static CommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Recon.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CommandRun(code, out.toString(), err.toString());
    }
}
