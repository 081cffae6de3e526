package io.jrun.cli;

import io.jrun.api.JrunException;
import io.jrun.spec.Quote;

/** The two log formats of runc's --log-format: logrus's text and JSON formatters. */
enum LogFormat {
    TEXT, JSON;

    /** runc's words; an empty value is the default, text. */
    static LogFormat parse(String word) {
        return switch (word) {
            case "", "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new JrunException("invalid log-format: " + Quote.bare(word));
        };
    }
}
