package dev.stampede.cli;

import java.time.Duration;
import org.springframework.boot.convert.DurationStyle;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A duration as the service's own settings are written ({@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}) or in ISO
 * 8601 ({@code PT1M}); Spring Boot's {@link DurationStyle} reads both. A bare number is refused rather than read as
 * milliseconds, and so is a negative duration.
 */
final class DurationConverter implements ITypeConverter<Duration> {

    static final String FORMS = "500ms, 30s, 2m or PT1M";

    @Override
    public Duration convert(String value) {
        Duration duration;
        try {
            if (value.strip().matches("[+-]?\\d+")) {
                throw new IllegalArgumentException("no unit");
            }
            duration = DurationStyle.detectAndParse(value.strip());
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not a duration (use " + FORMS + ")");
        }
        if (duration.isNegative()) {
            throw new TypeConversionException("'" + value + "' is negative");
        }
        return duration;
    }
}
