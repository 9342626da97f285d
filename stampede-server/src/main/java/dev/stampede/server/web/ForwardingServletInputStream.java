package dev.stampede.server.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

/** A request body stream over another one, for wrappers that check each read ({@code read} is theirs to write). */
public abstract class ForwardingServletInputStream extends ServletInputStream {

    protected final ServletInputStream in;

    protected ForwardingServletInputStream(ServletInputStream in) {
        this.in = in;
    }

    @Override
    public boolean isFinished() {
        return in.isFinished();
    }

    @Override
    public boolean isReady() {
        return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        in.setReadListener(listener);
    }
}
