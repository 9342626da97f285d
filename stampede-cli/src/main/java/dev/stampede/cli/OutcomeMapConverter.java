package dev.stampede.cli;

import dev.stampede.bench.load.OutcomeMap;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code status=outcome} pairs, e.g. {@code 200=success,409=sold_out}; see {@link OutcomeMap#parse}. */
final class OutcomeMapConverter implements ITypeConverter<OutcomeMap> {

    @Override
    public OutcomeMap convert(String value) {
        try {
            return OutcomeMap.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
